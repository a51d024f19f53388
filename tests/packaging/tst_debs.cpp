// The two Debian packages, built by CPack from this build: what each holds, their control
// data and maintainer scripts, lintian, the packaged unit's exposure, the AppStream
// metainfo — and the packaged server itself, extracted into a scratch root (dpkg-deb -x)
// and started from its packaged configuration: it creates its certificate, serves only
// https on a non-loopback address, and backup -> restore -> check round-trips a board of
// 1,000 events taken while a client stays connected.
#include "core/tls/spkifingerprint.h"
#include "support/serverprocess.h"
#include "support/wsclient.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace Tessera::Test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QString all() const { return out + err; }
};

Run run(const QString &program, const QStringList &args, const QByteArray &input = {}, int timeoutMs = 240000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("cannot start %1").arg(program);
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("%1 did not finish").arg(program);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

} // namespace

class TestDebs : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_clientDeb;
    QString m_serverDeb;
    QString m_root; // the server package, extracted
    QString m_serverLog; // the packaged server's stderr up to its listening line

    QString contentsOf(const QString &deb)
    {
        return run(tool("dpkg-deb"), { QStringLiteral("-c"), deb }).out;
    }

    // The extracted server, started with the packaged configuration (data folder and port
    // changed for the test); returns its https port, or 0.
    quint16 startPackagedServer(QProcess &server, const QString &config)
    {
        server.setProcessChannelMode(QProcess::SeparateChannels);
        server.start(m_root + QStringLiteral("/usr/bin/tessera-server"), { QStringLiteral("--config"), config });
        static const QRegularExpression listening(QStringLiteral("listening on https://0\\.0\\.0\\.0:(\\d+)"));
        QString out;
        m_serverLog.clear();
        QRegularExpressionMatch match;
        [[maybe_unused]] const bool done = QTest::qWaitFor([&] {
            server.waitForReadyRead(100);
            out += QString::fromUtf8(server.readAllStandardOutput());
            m_serverLog += QString::fromUtf8(server.readAllStandardError());
            match = listening.match(out);
            return match.hasMatch() || server.state() == QProcess::NotRunning;
        }, 20000);
        if (!match.hasMatch())
            qWarning("server did not start: %s %s", qPrintable(out), qPrintable(m_serverLog));
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }

    Run admin(const QString &config, const QStringList &args, const QByteArray &input = {})
    {
        return run(m_root + QStringLiteral("/usr/bin/tessera-server"),
                   QStringList { QStringLiteral("admin"), QStringLiteral("--config"), config } + args, input);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *name : { "cpack", "dpkg-deb", "lintian", "systemd-analyze", "appstreamcli" })
            QVERIFY2(!tool(name).isEmpty(), qPrintable(QStringLiteral("%1 is missing: scripts/setup.sh installs it").arg(QLatin1String(name))));
        QVERIFY(m_tmp.isValid());
        const QString out = m_tmp.filePath(QStringLiteral("debs"));
        const Run cpack = run(tool("cpack"), { QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), out,
                                              QStringLiteral("--config"), QStringLiteral(TESSERA_BUILD_DIR "/CPackConfig.cmake") });
        QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.all()));
        const QStringList debs = QDir(out).entryList({ QStringLiteral("*.deb") }, QDir::Files, QDir::Name);
        for (const QString &deb : debs) {
            if (deb.startsWith(QLatin1String("tessera-server_")))
                m_serverDeb = QDir(out).filePath(deb);
            else if (deb.startsWith(QLatin1String("tessera_")))
                m_clientDeb = QDir(out).filePath(deb);
        }
        QVERIFY2(!m_clientDeb.isEmpty() && !m_serverDeb.isEmpty(), qPrintable(debs.join(QLatin1Char(' '))));
        m_root = m_tmp.filePath(QStringLiteral("root"));
        const Run extract = run(tool("dpkg-deb"), { QStringLiteral("-x"), m_serverDeb, m_root });
        QVERIFY2(extract.exitCode == 0, qPrintable(extract.all()));
    }

    void eachPackageHoldsItsOwnFiles()
    {
        const QString client = contentsOf(m_clientDeb);
        const QString server = contentsOf(m_serverDeb);
        for (const char *path : { "./usr/bin/tessera", "./usr/share/applications/org.tessera.Tessera.desktop",
                                  "./usr/share/icons/hicolor/scalable/apps/org.tessera.Tessera.svg",
                                  "./usr/share/metainfo/org.tessera.Tessera.metainfo.xml", "./usr/share/man/man1/tessera.1.gz",
                                  "./usr/share/doc/tessera/copyright", "./usr/share/doc/tessera/changelog.gz" })
            QVERIFY2(client.contains(QLatin1String(path)), path);
        for (const char *path : { "./usr/bin/tessera-server", "./lib/systemd/system/tessera-server.service",
                                  "./etc/tessera/server.conf", "./usr/share/man/man8/tessera-server.8.gz",
                                  "./usr/share/doc/tessera-server/copyright", "./usr/share/doc/tessera-server/admin.md",
                                  "./usr/share/doc/tessera-server/examples/haproxy/tessera.cfg" })
            QVERIFY2(server.contains(QLatin1String(path)), path);
        QVERIFY(!client.contains(QLatin1String("tessera-server")));
        QVERIFY(!server.contains(QLatin1String("./usr/bin/tessera ")) && !server.contains(QLatin1String("applications")));
    }

    void controlDataAndMaintainerScripts()
    {
        const QString depends = run(tool("dpkg-deb"), { QStringLiteral("-f"), m_serverDeb, QStringLiteral("Depends") }).out;
        for (const char *dep : { "libqt6core6", "libqt6httpserver6", "libsodium23", "libssl3", "libqt6sql6-sqlite", "adduser" })
            QVERIFY2(depends.contains(QLatin1String(dep)), qPrintable(depends)); // shlibdeps + the plugin
        const QString clientDepends = run(tool("dpkg-deb"), { QStringLiteral("-f"), m_clientDeb, QStringLiteral("Depends") }).out;
        for (const char *dep : { "libqt6widgets6", "libqt6keychain1", "qt6-qpa-plugins" })
            QVERIFY2(clientDepends.contains(QLatin1String(dep)), qPrintable(clientDepends));

        const QString control = m_tmp.filePath(QStringLiteral("control"));
        QVERIFY(run(tool("dpkg-deb"), { QStringLiteral("-e"), m_serverDeb, control }).exitCode == 0);
        QFile conffiles(control + QStringLiteral("/conffiles"));
        QVERIFY(conffiles.open(QIODevice::ReadOnly));
        QCOMPARE(conffiles.readAll().trimmed(), QByteArray("/etc/tessera/server.conf"));
        for (const QString &script : { QStringLiteral("postinst"), QStringLiteral("prerm"), QStringLiteral("postrm") }) {
            const QString path = control + QLatin1Char('/') + script;
            QVERIFY2(QFileInfo(path).isExecutable(), qPrintable(script));
            QCOMPARE(run(QStringLiteral("/bin/sh"), { QStringLiteral("-n"), path }).exitCode, 0); // parses
        }
        QFile postinst(control + QStringLiteral("/postinst"));
        QVERIFY(postinst.open(QIODevice::ReadOnly));
        const QByteArray text = postinst.readAll();
        QVERIFY(text.contains("adduser --system --group"));
        QVERIFY(text.contains("install -d -m 0700 -o tessera -g tessera /var/lib/tessera"));
        QVERIFY(text.contains("deb-systemd-helper enable")); // enabled...
        QVERIFY(!text.contains("deb-systemd-invoke start") && !text.contains("systemctl start")); // ...not started
        QFile postrm(control + QStringLiteral("/postrm"));
        QVERIFY(postrm.open(QIODevice::ReadOnly));
        const QByteArray rm = postrm.readAll();
        const qsizetype purge = rm.indexOf("\"purge\"");
        QVERIFY(purge > 0 && rm.indexOf("rm -rf /var/lib/tessera") > purge); // data goes on purge only
    }

    // Default lintian (errors and warnings) finds nothing. The info-level tags it can print
    // with -I are not overridden: see docs/admin.md ("Packages").
    void lintianIsClean()
    {
        const Run lintian = run(tool("lintian"), { m_clientDeb, m_serverDeb });
        QStringList findings;
        for (const QString &line : lintian.out.split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("E:")) || line.startsWith(QLatin1String("W:")))
                findings.append(line);
        }
        QVERIFY2(findings.isEmpty(), qPrintable(findings.join(QLatin1Char('\n'))));
        QVERIFY2(lintian.exitCode == 0, qPrintable(lintian.all()));
    }

    void packagedUnitIsHardened()
    {
        const Run analyze = run(tool("systemd-analyze"), { QStringLiteral("security"), QStringLiteral("--offline=yes"),
                                                          m_root + QStringLiteral("/lib/systemd/system/tessera-server.service") });
        static const QRegularExpression overall(QStringLiteral("Overall exposure level for \\S+: ([0-9.]+)"));
        const QRegularExpressionMatch match = overall.match(analyze.all());
        QVERIFY2(match.hasMatch(), qPrintable(analyze.all()));
        QVERIFY2(match.captured(1).toDouble() <= 2.0, qPrintable(analyze.all().right(3000)));
    }

    void metainfoIsValid()
    {
        const QString client = m_tmp.filePath(QStringLiteral("client"));
        QVERIFY(run(tool("dpkg-deb"), { QStringLiteral("-x"), m_clientDeb, client }).exitCode == 0);
        const Run validate = run(tool("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                        client + QStringLiteral("/usr/share/metainfo/org.tessera.Tessera.metainfo.xml") });
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.all()));
    }

    // The man page names every option of --help and every admin command of admin --help.
    void manPageNamesEveryOptionAndCommand()
    {
        QFile page(QStringLiteral(TESSERA_SOURCE_DIR "/packaging/man/tessera-server.8"));
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QString man = QString::fromUtf8(page.readAll()).remove(QLatin1Char('\\'));
        const QString server = m_root + QStringLiteral("/usr/bin/tessera-server");
        const Run help = run(server, { QStringLiteral("--help") });
        static const QRegularExpression option(QStringLiteral("^\\s+(?:-\\w, )?--([a-z-]+)"), QRegularExpression::MultilineOption);
        int options = 0;
        for (auto it = option.globalMatch(help.out); it.hasNext(); ++options) {
            const QString name = it.next().captured(1);
            QVERIFY2(man.contains(QStringLiteral("-") + QStringLiteral("-") + name), qPrintable(name));
        }
        QVERIFY(options > 15);
        const Run adminHelp = run(server, { QStringLiteral("admin"), QStringLiteral("--help") });
        static const QRegularExpression command(QStringLiteral("^  ([a-z-]+(?: [a-z-]+)?)"), QRegularExpression::MultilineOption);
        int commands = 0;
        for (auto it = command.globalMatch(adminHelp.out); it.hasNext(); ++commands) {
            QString name = it.next().captured(1);
            if (name.startsWith(QLatin1String("users ")))
                name = name.mid(6);
            QVERIFY2(man.contains(name), qPrintable(name));
        }
        QVERIFY(commands > 10);
    }

    void packagedServerServesHttpsAndRoundTripsABackup()
    {
        // The packaged configuration, with the data folder and port of this test.
        QFile packaged(m_root + QStringLiteral("/etc/tessera/server.conf"));
        QVERIFY(packaged.open(QIODevice::ReadOnly));
        QString conf = QString::fromUtf8(packaged.readAll());
        const QString data = m_tmp.filePath(QStringLiteral("data"));
        QVERIFY(conf.contains(QLatin1String("\ndata = /var/lib/tessera\n")));
        QVERIFY(conf.contains(QLatin1String("\nlisten = 0.0.0.0:7420\n")));
        conf.replace(QLatin1String("\ndata = /var/lib/tessera\n"), QStringLiteral("\ndata = %1\n").arg(data));
        conf.replace(QLatin1String("\nlisten = 0.0.0.0:7420\n"), QStringLiteral("\nlisten = 0.0.0.0:0\n"));
        const QString config = m_tmp.filePath(QStringLiteral("server.conf"));
        QFile out(config);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(conf.toUtf8());
        out.close();
        const Run check = run(m_root + QStringLiteral("/usr/bin/tessera-server"), { QStringLiteral("--check-config"), QStringLiteral("--config"), config });
        QVERIFY2(check.exitCode == 0, qPrintable(check.all()));
        QVERIFY(admin(config, { QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("ana"), QStringLiteral("--admin") },
                      "correct horse battery staple\n")
                        .exitCode
                == 0);

        QProcess server;
        const quint16 port = startPackagedServer(server, config);
        QVERIFY(port != 0);
        // Its own certificate, made on first start, key readable by the server's user only.
        const QString certPath = data + QStringLiteral("/tls/server.crt");
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(certPath);
        QCOMPARE(certs.size(), 1);
        const QString keyPath = data + QStringLiteral("/tls/server.key");
        QCOMPARE(QFile::permissions(keyPath) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        const QString fingerprint = Tessera::Core::SpkiFingerprint::hex(certs.first());
        QVERIFY(!fingerprint.isEmpty());
        QVERIFY2(m_serverLog.contains(fingerprint), qPrintable(m_serverLog)); // the start line names it

        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(certs); // trust exactly this certificate, as a pinned client does
        QNetworkAccessManager nam;
        const auto get = [&](const QString &url, const QByteArray &token = {}) {
            QNetworkRequest request { QUrl(url) };
            request.setSslConfiguration(tls);
            if (!token.isEmpty())
                request.setRawHeader("Authorization", "Bearer " + token);
            QNetworkReply *reply = nam.get(request);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(15000, &loop, &QEventLoop::quit);
            loop.exec();
            reply->deleteLater();
            return std::make_pair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll());
        };
        const auto [healthStatus, health] = get(QStringLiteral("https://127.0.0.1:%1/api/v1/health").arg(port));
        QCOMPARE(healthStatus, 200);
        QCOMPARE(QJsonDocument::fromJson(health).object().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        // Plain HTTP to the same port gets no HTTP answer.
        const auto [plainStatus, plain] = get(QStringLiteral("http://127.0.0.1:%1/api/v1/health").arg(port));
        QCOMPARE(plainStatus, 0);
        QVERIFY(plain.isEmpty());

        // A board of 1,000 events (one bulk command), with a client connected over wss.
        QUrl base(QStringLiteral("https://127.0.0.1:%1").arg(port));
        const auto post = [&](const QString &path, const QJsonObject &body, const QByteArray &token = {}) {
            QNetworkRequest request { QUrl(base.toString() + path) };
            request.setSslConfiguration(tls);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            if (!token.isEmpty())
                request.setRawHeader("Authorization", "Bearer " + token);
            QNetworkReply *reply = nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(30000, &loop, &QEventLoop::quit);
            loop.exec();
            reply->deleteLater();
            return std::make_pair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                  QJsonDocument::fromJson(reply->readAll()).object());
        };
        const auto [loginStatus, session] = post(QStringLiteral("/api/v1/login"),
                                                 { { QStringLiteral("login"), QStringLiteral("ana") },
                                                   { QStringLiteral("password"), QStringLiteral("correct horse battery staple") } });
        QCOMPARE(loginStatus, 200);
        const QByteArray token = session.value(QStringLiteral("token")).toString().toUtf8();
        const auto [boardStatus, board] = post(QStringLiteral("/api/v1/boards"), { { QStringLiteral("name"), QStringLiteral("Packaged") } }, token);
        QVERIFY2(boardStatus == 201 || boardStatus == 200, qPrintable(QString::number(boardStatus)));
        const QString boardId = board.value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!boardId.isEmpty());

        WsClient client(tls);
        QCOMPARE(client.connectAs(base, token).value(QStringLiteral("type")).toString(), QStringLiteral("welcome"));
        StreamTracker tracker(QStringLiteral("board:%1").arg(boardId));
        QCOMPARE(client.subscribe(tracker.stream).value(QStringLiteral("type")).toString(), QStringLiteral("subscribed"));

        QJsonArray ops;
        for (int i = 0; i < 1000; ++i)
            ops.append(QJsonObject { { QStringLiteral("kind"), QStringLiteral("item.create") },
                                     { QStringLiteral("itemId"), QStringLiteral("pk-%1").arg(i) },
                                     { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("Item %1").arg(i) } } },
                                     { QStringLiteral("rank"), QStringLiteral("V%1V").arg(i, 4, 10, QLatin1Char('0')) } });
        const auto [bulkStatus, ack] = post(QStringLiteral("/api/v1/mutations"),
                                            { { QStringLiteral("mutationId"), QStringLiteral("pk-bulk") },
                                              { QStringLiteral("board"), boardId }, { QStringLiteral("ops"), ops } }, token);
        QVERIFY2(bulkStatus == 200, QJsonDocument(ack).toJson().constData());
        QCOMPARE(ack.value(QStringLiteral("seq")).toInteger(), 1000);
        QVERIFY(client.follow(tracker, 1000)); // the connected client got all of them live

        // Backup while serving, with the client still connected; then one more write that
        // the backup does not have.
        const QString backup = m_tmp.filePath(QStringLiteral("backup.db"));
        const Run backupRun = admin(config, { QStringLiteral("backup"), QStringLiteral("--to"), backup });
        QVERIFY2(backupRun.exitCode == 0, qPrintable(backupRun.all()));
        QVERIFY(client.isOpen());
        const auto [afterStatus, after] = post(QStringLiteral("/api/v1/mutations"),
                                               { { QStringLiteral("mutationId"), QStringLiteral("pk-after") },
                                                 { QStringLiteral("board"), boardId },
                                                 { QStringLiteral("op"), QJsonObject { { QStringLiteral("kind"), QStringLiteral("item.delete") },
                                                                                      { QStringLiteral("itemId"), QStringLiteral("pk-0") } } } },
                                               token);
        QCOMPARE(afterStatus, 200);
        const Run liveCheck = admin(config, { QStringLiteral("check") });
        QVERIFY2(liveCheck.exitCode == 0, qPrintable(liveCheck.all()));

        ::kill(server.processId(), SIGTERM);
        QVERIFY(server.waitForFinished(15000));
        const Run restore = admin(config, { QStringLiteral("restore"), QStringLiteral("--from"), backup });
        QVERIFY2(restore.exitCode == 0, qPrintable(restore.all()));
        const Run check2 = admin(config, { QStringLiteral("check") });
        QVERIFY2(check2.exitCode == 0, qPrintable(check2.all()));

        QProcess again;
        const quint16 port2 = startPackagedServer(again, config);
        QVERIFY(port2 != 0);
        base.setPort(port2);
        const auto [oldStatus, oldBody] = get(QStringLiteral("https://127.0.0.1:%1/api/v1/boards").arg(port2), token);
        QCOMPARE(oldStatus, 401); // the restore revoked every session
        const auto [login2Status, session2] = post(QStringLiteral("/api/v1/login"),
                                                   { { QStringLiteral("login"), QStringLiteral("ana") },
                                                     { QStringLiteral("password"), QStringLiteral("correct horse battery staple") } });
        QCOMPARE(login2Status, 200);
        const QByteArray token2 = session2.value(QStringLiteral("token")).toString().toUtf8();
        const auto [snapStatus, snapshot] = get(QStringLiteral("https://127.0.0.1:%1/api/v1/boards/%2/snapshot").arg(port2).arg(boardId), token2);
        QCOMPARE(snapStatus, 200);
        const QJsonObject snap = QJsonDocument::fromJson(snapshot).object();
        QCOMPARE(snap.value(QStringLiteral("items")).toArray().size(), 1000); // the backup's state: pk-0 still there
        QCOMPARE(snap.value(QStringLiteral("seq")).toInteger(), 1000);
        // Same key after a restart: users' pins stay valid.
        QCOMPARE(Tessera::Core::SpkiFingerprint::hex(QSslCertificate::fromPath(certPath).value(0)), fingerprint);
        ::kill(again.processId(), SIGTERM);
        QVERIFY(again.waitForFinished(15000));
    }
};

QTEST_GUILESS_MAIN(TestDebs)
#include "tst_debs.moc"
