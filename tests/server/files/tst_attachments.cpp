// Attachments against the real server over real HTTP and WebSocket: chunked uploads and
// their resumption, the SHA-256 and size checks, the admin's limits, deduplication on disk,
// signed download links (tampered, expired, a removed member, non-members), live
// attachment.added for another client, deletion that removes a file only when nothing
// refers to it, and the orphan sweep after a simulated crash. All of it twice: with the
// files in DIR/files (the default), then in a folder of their own outside the data folder
// (--files-dir), which the server creates 0700 and keeps the data folder free of files.
#include "support/boardclient.h"
#include "support/wsclient.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUrlQuery>

using namespace Tessera::Test;

namespace {

constexpr qint64 MiB = 1024 * 1024;

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    for (qint64 i = 0; i < size; ++i)
        out[i] = char(gen.bounded(256));
    return out;
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestAttachments : public QObject
{
    Q_OBJECT

public:
    enum class FilesFolder { InDataFolder, OwnFolder };
    explicit TestAttachments(FilesFolder where = FilesFolder::InDataFolder) : m_where(where) { }

private:
    const FilesFolder m_where;
    QTemporaryDir m_elsewhere; // holds the --files-dir folder (not made yet: the server makes it)
    ServerProcess m_server;
    BoardClient m_ana, m_ben, m_cy, m_dee;
    QString m_benId, m_cyId;
    QString m_board;

    // Where the server is told to keep the files, and where they are.
    QStringList serverArgs() const
    {
        return m_where == FilesFolder::OwnFolder
                ? QStringList { QStringLiteral("--files-dir"), m_elsewhere.filePath(QStringLiteral("shared/files")) }
                : QStringList {};
    }
    QString filesRoot() const
    {
        return m_where == FilesFolder::OwnFolder ? m_elsewhere.filePath(QStringLiteral("shared/files"))
                                                 : m_server.dataDir() + QStringLiteral("/files");
    }

    HttpResult put(const BoardClient &c, const QString &uploadId, qint64 offset, const QByteArray &bytes)
    {
        return httpRequest("PUT", c.api(QStringLiteral("/api/v1/uploads/%1?offset=%2").arg(uploadId).arg(offset)),
                           bytes, c.token());
    }
    HttpResult begin(const BoardClient &c, const QString &item, const QString &name, const QByteArray &bytes,
                     const QString &sha = {}, const QString &type = QStringLiteral("application/octet-stream"))
    {
        return c.post(QStringLiteral("/api/v1/uploads"),
                      { { QStringLiteral("board"), m_board },
                        { QStringLiteral("itemId"), item },
                        { QStringLiteral("name"), name },
                        { QStringLiteral("size"), double(bytes.size()) },
                        { QStringLiteral("sha256"), sha.isEmpty() ? sha256(bytes) : sha },
                        { QStringLiteral("contentType"), type } });
    }
    // Uploads `bytes` in chunks; the upload id, empty on failure.
    QString upload(const BoardClient &c, const QString &item, const QString &name, const QByteArray &bytes,
                   const QString &type = QStringLiteral("application/octet-stream"))
    {
        const HttpResult started = begin(c, item, name, bytes, {}, type);
        if (started.status != 201)
            return {};
        const QString id = started.json().value(QStringLiteral("uploadId")).toString();
        for (qint64 offset = 0; offset < bytes.size(); offset += MiB) {
            const HttpResult r = put(c, id, offset, bytes.mid(offset, MiB));
            if (r.status != 200)
                return {};
        }
        return id;
    }
    static QJsonObject addOp(const QString &attachmentId, const QString &item, const QString &uploadId,
                             const QString &name, const QByteArray &bytes,
                             const QString &type = QStringLiteral("application/octet-stream"))
    {
        return op("attachment.add",
                  { { QStringLiteral("attachmentId"), attachmentId },
                    { QStringLiteral("itemId"), item },
                    { QStringLiteral("uploadId"), uploadId },
                    { QStringLiteral("name"), name },
                    { QStringLiteral("size"), double(bytes.size()) },
                    { QStringLiteral("sha256"), sha256(bytes) },
                    { QStringLiteral("contentType"), type } });
    }
    // Uploads and attaches; the attachment id, empty on failure.
    QString attach(const BoardClient &c, const QString &item, const QString &name, const QByteArray &bytes)
    {
        const QString uploadId = upload(c, item, name, bytes);
        const QString id = newId();
        if (uploadId.isEmpty() || c.mutate(m_board, addOp(id, item, uploadId, name, bytes)).status != 200)
            return {};
        return id;
    }
    QString createItem(const QString &title)
    {
        const QString id = newId();
        const HttpResult r
            = m_ana.mutate(m_board,
                           op("item.create",
                              { { QStringLiteral("itemId"), id },
                                { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                                { QStringLiteral("rank"), QStringLiteral("U") } }));
        return r.status == 200 ? id : QString();
    }
    QString blobPath(const QByteArray &bytes) const
    {
        const QString sha = sha256(bytes);
        return QStringLiteral("%1/%2/%3").arg(filesRoot(), sha.left(2), sha.mid(2));
    }
    int blobCount() const
    {
        int n = 0;
        QDirIterator it(filesRoot(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            n += QFileInfo(it.next()).dir().dirName() == QLatin1String("tmp") ? 0 : 1;
        return n;
    }
    QStringList attachmentIds(const QString &item = {})
    {
        QStringList ids;
        for (const QJsonValue &v : m_ana.snapshot(m_board).value(QStringLiteral("attachments")).toArray())
            if (item.isEmpty() || v.toObject().value(QStringLiteral("itemId")).toString() == item)
                ids << v.toObject().value(QStringLiteral("id")).toString();
        return ids;
    }
    QString linkFor(const BoardClient &c, const QString &attachmentId, int *status = nullptr)
    {
        const HttpResult r = c.post(QStringLiteral("/api/v1/attachments/%1/link").arg(attachmentId), {});
        if (status)
            *status = r.status;
        return r.json().value(QStringLiteral("url")).toString();
    }
    HttpResult download(const QString &url) { return httpRequest("GET", m_server.url().resolved(QUrl(url))); }
    QString dbMeta(const QString &key)
    {
        QString value;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(m_server.dataDir() + QStringLiteral("/tessera.db"));
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
                q.addBindValue(key);
                if (q.exec() && q.next())
                    value = q.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return value;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"), true));
        for (const char *login : { "ben", "cy", "dee" })
            QVERIFY(m_server.addUser(QLatin1String(login), QStringLiteral("tessera-test-pass")));
        QVERIFY(m_elsewhere.isValid());
        QVERIFY(m_server.start(serverArgs()));
        const auto as = [this](const char *login) {
            return BoardClient(&m_server,
                               BoardClient::login(m_server, QLatin1String(login), QStringLiteral("tessera-test-pass")));
        };
        m_ana = as("ana");
        m_ben = as("ben");
        m_cy = as("cy");
        m_dee = as("dee");
        m_benId = userIdOf(m_server, m_ben.token());
        m_cyId = userIdOf(m_server, m_cy.token());
        m_board = m_ana.createBoard(QStringLiteral("Files"));
        QVERIFY(!m_board.isEmpty());
        QCOMPARE(m_ana
                     .mutate(m_board,
                             op("member.add",
                                { { QStringLiteral("userId"), m_benId },
                                  { QStringLiteral("role"), QStringLiteral("editor") } }))
                     .status,
                 200);
        QCOMPARE(m_ana
                     .mutate(m_board,
                             op("member.add",
                                { { QStringLiteral("userId"), m_cyId },
                                  { QStringLiteral("role"), QStringLiteral("viewer") } }))
                     .status,
                 200);
    }

    // The file goes where the server was told, and only there; a signed link reads it back.
    void filesLandInTheirFolder()
    {
        const QString item = createItem(QStringLiteral("Where"));
        const QByteArray bytes = randomBytes(300000, 11);
        const QString id = attach(m_ben, item, QStringLiteral("where.bin"), bytes);
        QVERIFY(!id.isEmpty());
        QVERIFY2(QFile::exists(blobPath(bytes)), qPrintable(blobPath(bytes)));
        const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFile::permissions(filesRoot()) & (ownerOnly | others), ownerOnly);
        if (m_where == FilesFolder::OwnFolder) // the data folder holds no files at all
            QVERIFY(!QFileInfo::exists(m_server.dataDir() + QStringLiteral("/files")));
        int status = 0;
        const QString url = linkFor(m_ana, id, &status);
        QCOMPARE(status, 200);
        const HttpResult got = download(url);
        QCOMPARE(got.status, 200);
        QVERIFY(got.body == bytes);
    }

    void chunkedUploadResumesAndOthersSeeItLive()
    {
        const QString item = createItem(QStringLiteral("Spec"));
        WsClient watcher; // cy, a viewer, watches the board
        QCOMPARE(watcher.connectAs(m_server.url(), m_cy.token()).value(QStringLiteral("type")).toString(),
                 QStringLiteral("welcome"));
        QCOMPARE(watcher.subscribe(QStringLiteral("board:") + m_board).value(QStringLiteral("type")).toString(),
                 QStringLiteral("subscribed"));

        const QByteArray bytes = randomBytes(2 * MiB + 12345, 1);
        const HttpResult started
            = begin(m_ben, item, QStringLiteral("spec v2.pdf"), bytes, {}, QStringLiteral("application/pdf"));
        QCOMPARE(started.status, 201);
        const QString id = started.json().value(QStringLiteral("uploadId")).toString();
        QCOMPARE(started.json().value(QStringLiteral("chunkBytes")).toInteger(), MiB);
        QCOMPARE(put(m_ben, id, 0, bytes.left(MiB)).json().value(QStringLiteral("offset")).toInteger(), MiB);

        // The connection drops; the client asks where it got to and goes on from there.
        const HttpResult where = m_ben.get(QStringLiteral("/api/v1/uploads/") + id);
        QCOMPARE(where.status, 200);
        QCOMPARE(where.json().value(QStringLiteral("offset")).toInteger(), MiB);
        // A chunk at the wrong offset is refused and says where the upload stands.
        const HttpResult wrong = put(m_ben, id, 0, bytes.left(MiB));
        QCOMPARE(wrong.status, 409);
        QCOMPARE(wrong.json().value(QStringLiteral("offset")).toInteger(), MiB);
        // Nobody else sees someone's upload.
        QCOMPARE(m_ana.get(QStringLiteral("/api/v1/uploads/") + id).status, 404);
        QCOMPARE(put(m_ana, id, MiB, bytes.mid(MiB, MiB)).status, 404);
        // A chunk past the announced size, or over the body limit, is refused.
        QCOMPARE(put(m_ben, id, MiB, bytes.mid(MiB) + QByteArray(MiB, 'x')).status == 200, false);

        QCOMPARE(put(m_ben, id, MiB, bytes.mid(MiB, MiB)).status, 200);
        const HttpResult last = put(m_ben, id, 2 * MiB, bytes.mid(2 * MiB));
        QCOMPARE(last.status, 200);
        QCOMPARE(last.json().value(QStringLiteral("complete")).toBool(), true);
        QCOMPARE(last.json().value(QStringLiteral("sha256")).toString(), sha256(bytes));

        // Stored under its hash, owner-only.
        QFile blob(blobPath(bytes));
        QVERIFY(blob.exists());
        QCOMPARE(blob.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QVERIFY(blob.open(QIODevice::ReadOnly));
        QCOMPARE(blob.readAll(), bytes);

        // attach: through the command path; the values must be the upload's.
        const QString attachmentId = newId();
        QJsonObject lying
            = addOp(attachmentId, item, id, QStringLiteral("spec v2.pdf"), bytes, QStringLiteral("application/pdf"));
        lying.insert(QStringLiteral("size"), 10.0);
        QCOMPARE(m_ben.mutate(m_board, lying).status, 422);
        QCOMPARE(m_ana
                     .mutate(m_board,
                             addOp(newId(), item, id, QStringLiteral("spec v2.pdf"), bytes,
                                   QStringLiteral("application/pdf")))
                     .status,
                 404); // not ana's upload
        QCOMPARE(m_ben
                     .mutate(m_board,
                             addOp(attachmentId, item, id, QStringLiteral("spec v2.pdf"), bytes,
                                   QStringLiteral("application/pdf")))
                     .status,
                 200);

        const QJsonObject added = watcher.waitFor([](const QJsonObject &f) {
            for (const QJsonValue &e : f.value(QStringLiteral("events")).toArray())
                if (e.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("attachment.added"))
                    return true;
            return false;
        });
        QVERIFY2(!added.isEmpty(), "the other client did not see attachment.added");
        QJsonObject attachment;
        for (const QJsonValue &e : added.value(QStringLiteral("events")).toArray())
            if (e.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("attachment.added"))
                attachment = e.toObject().value(QStringLiteral("attachment")).toObject();
        QCOMPARE(attachment.value(QStringLiteral("id")).toString(), attachmentId);
        QCOMPARE(attachment.value(QStringLiteral("name")).toString(), QStringLiteral("spec v2.pdf"));
        QCOMPARE(attachment.value(QStringLiteral("size")).toInteger(), bytes.size());
        QCOMPARE(attachment.value(QStringLiteral("uploadedBy")).toString(), m_benId);
        QCOMPARE(attachmentIds(item), QStringList { attachmentId }); // and in the snapshot
    }

    void wrongHashAndBadInputAreRefused()
    {
        const QString item = createItem(QStringLiteral("Hash"));
        const QByteArray bytes = randomBytes(300000, 2);
        const HttpResult started = begin(m_ben, item, QStringLiteral("a.bin"), bytes, sha256("something else"));
        QCOMPARE(started.status, 201);
        const QString id = started.json().value(QStringLiteral("uploadId")).toString();
        const HttpResult done = put(m_ben, id, 0, bytes);
        QCOMPARE(done.status, 422);
        QVERIFY2(done.body.contains("hash"), done.body.constData());
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/uploads/") + id).status, 404); // it starts over
        QVERIFY(!QFile::exists(blobPath(bytes)));

        QCOMPARE(begin(m_ben, item, QStringLiteral("../etc/passwd"), bytes).status, 400);
        QCOMPARE(begin(m_ben, item, QStringLiteral("x"), bytes, QStringLiteral("abc")).status, 400);
        QCOMPARE(begin(m_ben, item, QStringLiteral("x"), bytes, {}, QStringLiteral("text/html\r\nX-Evil: 1")).status,
                 400);
        QCOMPARE(begin(m_ben, QStringLiteral("no-such-item"), QStringLiteral("x"), bytes).status, 404);
        QCOMPARE(begin(m_cy, item, QStringLiteral("x"), bytes).status, 403); // a viewer
        QCOMPARE(begin(m_dee, item, QStringLiteral("x"), bytes).status, 404); // not a member
        QCOMPARE(put(m_ben, QStringLiteral("no-such-upload"), 0, bytes).status, 404);
        // Cancel: the upload and its partial file are gone.
        const QString cancelled
            = begin(m_ben, item, QStringLiteral("c.bin"), bytes).json().value(QStringLiteral("uploadId")).toString();
        QCOMPARE(put(m_ben, cancelled, 0, bytes.left(1000)).status, 200);
        QVERIFY(QFile::exists(filesRoot() + QStringLiteral("/tmp/") + cancelled));
        QCOMPARE(
            httpRequest("DELETE", m_ben.api(QStringLiteral("/api/v1/uploads/") + cancelled), {}, m_ben.token()).status,
            200);
        QVERIFY(!QFile::exists(filesRoot() + QStringLiteral("/tmp/") + cancelled));
        // attachment.add without a finished upload.
        QCOMPARE(m_ben.mutate(m_board, addOp(newId(), item, QStringLiteral("nope"), QStringLiteral("x"), bytes)).status,
                 404);
    }

    void adminLimitsAreEnforced()
    {
        const QString item = createItem(QStringLiteral("Big"));
        const QByteArray big(26 * MiB, 'b'); // over the default 25 MB: refused before a byte is sent
        const HttpResult tooBig = begin(m_ben, item, QStringLiteral("big.iso"), big);
        QCOMPARE(tooBig.status, 413);
        QVERIFY2(tooBig.body.contains("max_attachment_mb"), tooBig.body.constData());

        const auto setting = [this](const char *key, int value) {
            return httpRequest("PATCH", m_ana.api(QStringLiteral("/api/v1/admin/settings")),
                               jsonBytes({ { QLatin1String(key), value } }), m_ana.token())
                .status;
        };
        QCOMPARE(setting("max_attachment_mb", 1), 200);
        QCOMPARE(begin(m_ben, item, QStringLiteral("m.bin"), QByteArray(MiB + 1, 'm')).status, 413);
        QCOMPARE(begin(m_ben, item, QStringLiteral("m.bin"), QByteArray(MiB, 'm')).status, 201);
        QCOMPARE(setting("max_attachment_mb", 25), 200);
        // A board total: what is attached already counts.
        const qint64 attached = [this] {
            qint64 sum = 0;
            for (const QJsonValue &v : m_ana.snapshot(m_board).value(QStringLiteral("attachments")).toArray())
                sum += v.toObject().value(QStringLiteral("size")).toInteger();
            return sum;
        }();
        QVERIFY(attached > 2 * MiB);
        QCOMPARE(setting("max_board_attachments_mb", 3), 200);
        QCOMPARE(begin(m_ben, item, QStringLiteral("t.bin"), QByteArray(MiB, 't')).status, 413);
        QCOMPARE(setting("max_board_attachments_mb", 0), 200);
        QCOMPARE(begin(m_ben, item, QStringLiteral("t.bin"), QByteArray(MiB, 't')).status, 201);
    }

    void sameBytesAreStoredOnceAndRemovedWhenUnreferenced()
    {
        const QString first = createItem(QStringLiteral("One")), second = createItem(QStringLiteral("Two"));
        const QByteArray bytes = randomBytes(1500000, 3);
        const int before = blobCount();
        const QString a = attach(m_ben, first, QStringLiteral("same.bin"), bytes);
        const QString b = attach(m_ana, second, QStringLiteral("copy of same.bin"), bytes);
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        QCOMPARE(blobCount(), before + 1); // two attachments, one file
        QVERIFY(QFile::exists(blobPath(bytes)));

        QCOMPARE(m_cy.mutate(m_board, op("attachment.remove", { { QStringLiteral("attachmentId"), a } })).status,
                 403); // a viewer
        QCOMPARE(m_ben.mutate(m_board, op("attachment.remove", { { QStringLiteral("attachmentId"), a } })).status, 200);
        QVERIFY(QFile::exists(blobPath(bytes))); // b still refers to it
        QCOMPARE(m_ben.mutate(m_board, op("attachment.remove", { { QStringLiteral("attachmentId"), a } })).status, 404);
        // Deleting the item takes its attachments, and the file with the last one.
        QCOMPARE(m_ana.mutate(m_board, op("item.delete", { { QStringLiteral("itemId"), second } })).status, 200);
        QVERIFY(attachmentIds(second).isEmpty());
        QTRY_VERIFY(!QFile::exists(blobPath(bytes)));
        QCOMPARE(blobCount(), before);
    }

    void signedLinksFollowMembership()
    {
        const QString item = createItem(QStringLiteral("Links"));
        const QByteArray bytes = randomBytes(200000, 4);
        const QString id = attach(m_ben, item, QStringLiteral("Résumé \"final\".txt"), bytes);
        QVERIFY(!id.isEmpty());

        int status = 0;
        const QString url = linkFor(m_cy, id, &status); // viewers read
        QCOMPARE(status, 200);
        QVERIFY(!url.contains(QString::fromLatin1(m_cy.token()))); // no session token in a link
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(m_server.url().resolved(QUrl(url))));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->readAll(), bytes);
        const QByteArray disposition = reply->rawHeader("Content-Disposition");
        QVERIFY2(disposition.startsWith("attachment;") && disposition.contains("filename*=UTF-8''R%C3%A9sum%C3%A9"),
                 disposition.constData());
        reply->deleteLater();

        // Tampered: another user, a later expiry, a changed signature.
        QUrl parsed(url);
        QUrlQuery query(parsed);
        const auto with = [&](const QString &key, const QString &value) {
            QUrlQuery q = query;
            q.removeQueryItem(key);
            q.addQueryItem(key, value);
            QUrl u = parsed;
            u.setQuery(q);
            return u.toString();
        };
        QCOMPARE(download(with(QStringLiteral("u"), m_benId)).status, 403);
        QCOMPARE(download(with(QStringLiteral("exp"),
                               QString::number(query.queryItemValue(QStringLiteral("exp")).toLongLong() + 3600)))
                     .status,
                 403);
        QString sig = query.queryItemValue(QStringLiteral("sig"));
        sig[0] = sig[0] == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
        QCOMPARE(download(with(QStringLiteral("sig"), sig)).status, 403);
        QCOMPARE(download(QStringLiteral("/api/v1/files/") + id).status, 403);

        // Expired: correctly signed (with the server's secret) but in the past.
        const QByteArray secret = QByteArray::fromHex(dbMeta(QStringLiteral("file_link_secret")).toLatin1());
        QCOMPARE(secret.size(), 32);
        const qint64 past = QDateTime::currentSecsSinceEpoch() - 10;
        const QString pastSig = QString::fromLatin1(
            QMessageAuthenticationCode::hash(QStringLiteral("%1|%2|%3").arg(id, m_cyId).arg(past).toUtf8(), secret,
                                             QCryptographicHash::Sha256)
                .toHex());
        QUrlQuery expired;
        expired.addQueryItem(QStringLiteral("u"), m_cyId);
        expired.addQueryItem(QStringLiteral("exp"), QString::number(past));
        expired.addQueryItem(QStringLiteral("sig"), pastSig);
        const HttpResult old
            = download(QStringLiteral("/api/v1/files/%1?%2").arg(id, expired.toString(QUrl::FullyEncoded)));
        QCOMPARE(old.status, 403);
        QVERIFY2(old.body.contains("expired"), old.body.constData());

        // Non-members get no link (as if there were no such attachment).
        linkFor(m_dee, id, &status);
        QCOMPARE(status, 404);
        linkFor(m_dee, QStringLiteral("no-such-attachment"), &status);
        QCOMPARE(status, 404);

        // A member removed from the board: their link, still unexpired, stops working.
        const QString cyLink = linkFor(m_cy, id);
        QCOMPARE(download(cyLink).status, 200);
        QCOMPARE(m_ana.mutate(m_board, op("member.remove", { { QStringLiteral("userId"), m_cyId } })).status, 200);
        QCOMPARE(download(cyLink).status, 403);
        linkFor(m_cy, id, &status);
        QCOMPARE(status, 404);
        QCOMPARE(m_ana
                     .mutate(m_board,
                             op("member.add",
                                { { QStringLiteral("userId"), m_cyId },
                                  { QStringLiteral("role"), QStringLiteral("viewer") } }))
                     .status,
                 200);
        QCOMPARE(download(cyLink).status, 200); // access follows membership, at request time
    }

    // Last: it restarts the server.
    void orphanSweepAfterACrash()
    {
        const QString item = createItem(QStringLiteral("Crash"));
        const QByteArray kept = randomBytes(100000, 5), lost = randomBytes(100000, 6);
        const QString keptId = attach(m_ben, item, QStringLiteral("kept.bin"), kept);
        const QString lostId = attach(m_ben, item, QStringLiteral("lost.bin"), lost);
        QVERIFY(!keptId.isEmpty() && !lostId.isEmpty());
        // An upload in progress that will look abandoned, with its partial file.
        const QString stale
            = begin(m_ben, item, QStringLiteral("stale.bin"), kept).json().value(QStringLiteral("uploadId")).toString();
        QCOMPARE(put(m_ben, stale, 0, kept.left(5000)).status, 200);

        m_server.kill(); // no chance to clean up
        // A row without a file (the file vanished) and a file without a row (a crash after
        // the rename, before the row), a temp file without an upload, an upload a day old.
        QVERIFY(QFile::remove(blobPath(lost)));
        const QByteArray stray = randomBytes(1000, 7);
        QVERIFY(QDir().mkpath(QFileInfo(blobPath(stray)).absolutePath()));
        {
            QFile f(blobPath(stray));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(stray);
        }
        {
            QFile f(filesRoot() + QStringLiteral("/tmp/orphan-temp"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("partial");
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("age"));
            db.setDatabaseName(m_server.dataDir() + QStringLiteral("/tessera.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE uploads SET updated_at = '2000-01-01T00:00:00.000Z' WHERE id = '%1'")
                               .arg(stale)));
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("age"));

        QVERIFY(m_server.start(serverArgs()));
        m_ana = BoardClient(&m_server, m_ana.token());
        m_ben = BoardClient(&m_server, m_ben.token());
        QVERIFY(!QFile::exists(blobPath(stray)));
        QVERIFY(QFile::exists(blobPath(kept)));
        QVERIFY(!QFile::exists(filesRoot() + QStringLiteral("/tmp/orphan-temp")));
        QVERIFY(!QFile::exists(filesRoot() + QStringLiteral("/tmp/") + stale));
        QCOMPARE(m_ben.get(QStringLiteral("/api/v1/uploads/") + stale).status, 404);
        QCOMPARE(attachmentIds(item), QStringList { keptId }); // removed through the log: clients hear of it
        bool announced = false;
        for (const QJsonValue &e :
             m_ana.changes(QStringLiteral("board:") + m_board, 0).json().value(QStringLiteral("events")).toArray())
            announced |= e.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("attachment.removed")
                && e.toObject().value(QStringLiteral("attachmentId")).toString() == lostId;
        QVERIFY(announced);
        QByteArray log;
        QTRY_VERIFY(
            (log += m_server.process().readAllStandardError())
                .contains(
                    "attachment sweep: 1 file(s) without an attachment, 1 attachment(s) without a file, 2 upload(s)"));
    }
};

// The same tests with the files in a folder of their own (--files-dir).
class TestAttachmentsFilesDir final : public TestAttachments
{
    Q_OBJECT
public:
    TestAttachmentsFilesDir() : TestAttachments(FilesFolder::OwnFolder) { }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int failed = 0;
    {
        TestAttachments inDataFolder;
        failed += QTest::qExec(&inDataFolder, argc, argv);
    } // its server stops before the next one starts
    TestAttachmentsFilesDir ownFolder;
    failed += QTest::qExec(&ownFolder, argc, argv);
    return std::min(failed, 127);
}
#include "tst_attachments.moc"
