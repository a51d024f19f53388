// AttachmentTransfer against the real server: a chunked upload with progress, resumed after
// the server went away mid-upload (restarted on the same port), attached through the
// command path and downloaded again through a signed link; cancel removes the upload; a
// file that cannot be read and a refused upload fail with the reason.
#include "core/client/apiclient.h"
#include "core/client/attachmenttransfer.h"
#include "support/boardclient.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

class TestAttachmentTransfer : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    BoardClient m_ana;
    QString m_board, m_item;
    QTemporaryDir m_dir;

    QString writeFile(const QString &name, qint64 size, quint32 seed)
    {
        QByteArray bytes(size, Qt::Uninitialized);
        QRandomGenerator gen(seed);
        for (qint64 i = 0; i < size; ++i)
            bytes[i] = char(gen.bounded(256));
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != size)
            return {};
        return f.fileName();
    }
    void connectApi(Core::ApiClient &api)
    {
        api.setServer(m_server.url());
        api.setToken(QString::fromLatin1(m_ana.token()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_server.start());
        m_ana = BoardClient(&m_server,
                            BoardClient::login(m_server, QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        m_board = m_ana.createBoard(QStringLiteral("Transfers"));
        m_item = newId();
        QCOMPARE(
            m_ana
                .mutate(m_board,
                        op("item.create",
                           { { QStringLiteral("itemId"), m_item }, { QStringLiteral("rank"), QStringLiteral("U") } }))
                .status,
            200);
    }

    void uploadResumesAfterTheServerWentAwayThenDownloads()
    {
        const QString path = writeFile(QStringLiteral("photo.png"), 3 * 1024 * 1024 + 77, 11);
        QVERIFY(!path.isEmpty());
        const quint16 port = m_server.port();
        Core::ApiClient api;
        connectApi(api);
        api.setTimeoutMs(3000);
        Core::AttachmentTransfer transfer(api);
        transfer.setRetry(100, 40);
        QSignalSpy progressed(&transfer, &Core::AttachmentTransfer::progressed);
        QSignalSpy retrying(&transfer, &Core::AttachmentTransfer::retrying);
        QSignalSpy uploaded(&transfer, &Core::AttachmentTransfer::uploaded);
        QSignalSpy failed(&transfer, &Core::AttachmentTransfer::failed);
        // The server goes away after the first chunk arrived.
        bool stopped = false;
        connect(&transfer, &Core::AttachmentTransfer::progressed, this, [&](qint64 done, qint64) {
            if (!stopped && done > 0) {
                stopped = true;
                m_server.kill();
            }
        });
        QVERIFY(transfer.upload(m_board, m_item, path));
        QCOMPARE(transfer.result().contentType, QStringLiteral("image/png"));
        QTRY_VERIFY_WITH_TIMEOUT(retrying.size() >= 1, 20000);
        QVERIFY(failed.isEmpty());
        QVERIFY(m_server.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) }));
        QTRY_COMPARE_WITH_TIMEOUT(uploaded.size(), 1, 30000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(progressed.last().at(0).toLongLong(), QFileInfo(path).size());
        QCOMPARE(progressed.last().at(1).toLongLong(), QFileInfo(path).size());
        // It resumed: the bytes before the drop were not sent again from 0.
        qint64 previous = -1;
        int restarts = 0;
        for (const QList<QVariant> &p : progressed) {
            restarts += p.at(0).toLongLong() < previous ? 1 : 0;
            previous = p.at(0).toLongLong();
        }
        QCOMPARE(restarts, 0);

        // attachment.add through the command path, then a download through a signed link.
        const QString attachmentId = newId();
        Core::Command command {
            newId(), m_board, Core::AttachmentTransfer::addOp(attachmentId, transfer.result()), {}
        };
        QCOMPARE(m_ana.post(QStringLiteral("/api/v1/mutations"), command.toJson()).status, 200);
        Core::AttachmentTransfer down(api);
        QSignalSpy downloaded(&down, &Core::AttachmentTransfer::downloaded);
        const QString target = m_dir.filePath(QStringLiteral("copy.png"));
        down.download(attachmentId, target);
        QTRY_COMPARE_WITH_TIMEOUT(downloaded.size(), 1, 20000);
        QFile a(path), b(target);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(b.readAll(), QCryptographicHash::Sha256),
                 QCryptographicHash::hash(a.readAll(), QCryptographicHash::Sha256));
    }

    void cancelDropsTheUpload()
    {
        const QString path = writeFile(QStringLiteral("big.bin"), 4 * 1024 * 1024, 12);
        Core::ApiClient api;
        connectApi(api);
        Core::AttachmentTransfer transfer(api);
        QSignalSpy progressed(&transfer, &Core::AttachmentTransfer::progressed);
        QSignalSpy cancelled(&transfer, &Core::AttachmentTransfer::cancelled);
        QVERIFY(transfer.upload(m_board, m_item, path));
        QVERIFY(progressed.wait(10000));
        transfer.cancel();
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(transfer.state(), Core::AttachmentTransfer::State::Cancelled);
        QTRY_COMPARE(QDir(m_server.dataDir() + QStringLiteral("/files/tmp")).entryList(QDir::Files).size(), 0);
    }

    void failuresSayWhy()
    {
        Core::ApiClient api;
        connectApi(api);
        Core::AttachmentTransfer missing(api);
        QVERIFY(!missing.upload(m_board, m_item, m_dir.filePath(QStringLiteral("does-not-exist"))));
        QVERIFY(missing.error().contains(QStringLiteral("does-not-exist")));

        Core::AttachmentTransfer refused(api);
        QSignalSpy failed(&refused, &Core::AttachmentTransfer::failed);
        QVERIFY(refused.upload(m_board, QStringLiteral("no-such-item"), writeFile(QStringLiteral("x.txt"), 10, 13)));
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("no-such-item")),
                 qPrintable(failed.first().first().toString()));
    }
};

QTEST_GUILESS_MAIN(TestAttachmentTransfer)
#include "tst_attachmenttransfer.moc"
