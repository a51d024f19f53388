// The config file of tessera-server (/etc/tessera/server.conf, --config FILE): its values
// apply, the command line wins, every setting option of the parser is a key (and is in the
// packaged file and the admin docs), and what is wrong is named by file, line and key —
// in-process through ServerOptions::parse and through the real binary's --check-config.
#include "server/serveroptions.h"
#include "support/serverprocess.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera::Server;
using namespace Tessera::Test;

class TestServerConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    // Options of the command line that are actions, not settings: no key in the file.
    const QStringList m_actions { QStringLiteral("h"),           QStringLiteral("help"),         QStringLiteral("version"),
                                  QStringLiteral("add-user"),    QStringLiteral("password-stdin"), QStringLiteral("admin"),
                                  QStringLiteral("display-name"), QStringLiteral("new-epoch"),   QStringLiteral("check-config"),
                                  QStringLiteral("config"),      QStringLiteral("show-fingerprint") };

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(QByteArray(text).replace("DIR", QFile::encodeName(m_dir.path())));
        return path;
    }

    static ServerOptions parse(const QStringList &args)
    {
        return ServerOptions::parse(QStringList { QStringLiteral("tessera-server") } + args);
    }

    static QString sourceFile(const char *path)
    {
        QFile f(QStringLiteral(TESSERA_SOURCE_DIR "/") + QLatin1String(path));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    // Every --option the parser shows in --help.
    static QStringList helpOptions()
    {
        static const QRegularExpression option(QStringLiteral("(?:^|[ ,])--([a-z][a-z0-9-]*)"), QRegularExpression::MultilineOption);
        QStringList names;
        for (auto it = option.globalMatch(parse({ QStringLiteral("--help") }).helpText); it.hasNext();) {
            const QString name = it.next().captured(1);
            if (!names.contains(name))
                names << name;
        }
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Neither this machine's /etc/tessera/server.conf nor a developer's file leaks in.
        qputenv("TESSERA_CONFIG", QFile::encodeName(m_dir.filePath(QStringLiteral("absent.conf"))));
        QVERIFY2(!ServerProcess::binary().isEmpty(), "TESSERA_SERVER_BIN is not set");
    }

    void fileValuesApply()
    {
        const QString path = write(QStringLiteral("apply.conf"), "# Tessera\n; also a comment\n\n[server]\n"
                                                                 "data = DIR/data\nlisten = 127.0.0.1:7999\n"
                                                                 "max-body-bytes = 4096\nheader-timeout = 7\n"
                                                                 "max-sockets-per-user = 3\r\ndemo = yes\n");
        const ServerOptions o = parse({ QStringLiteral("--config"), path });
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.configPath, path);
        QCOMPARE(o.dataDir, m_dir.filePath(QStringLiteral("data")));
        QCOMPARE(o.host, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(o.port, quint16(7999));
        QCOMPARE(o.transport.maxBodyBytes, 4096);
        QCOMPARE(o.transport.headerTimeoutMs, 7000);
        QCOMPARE(o.live.maxSocketsPerUser, 3);
        QVERIFY(o.demo);
        QCOMPARE(o.settings.value(QStringLiteral("max-body-bytes")), QStringLiteral("4096"));
        QCOMPARE(o.settings.value(QStringLiteral("demo")), QStringLiteral("true"));
    }

    void commandLineWins()
    {
        const QString path = write(QStringLiteral("wins.conf"), "data = DIR/data\nlisten = 127.0.0.1:7999\n"
                                                                "max-body-bytes = 4096\nheader-timeout = 7\n");
        const ServerOptions o = parse({ QStringLiteral("--max-body-bytes"), QStringLiteral("8192"), QStringLiteral("--config"),
                                        path, QStringLiteral("--listen=127.0.0.1:8000") });
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.transport.maxBodyBytes, 8192);
        QCOMPARE(o.port, quint16(8000));
        QCOMPARE(o.transport.headerTimeoutMs, 7000); // not on the command line: the file's
    }

    void flagsTakeEveryBooleanSpelling_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("demo");
        for (const char *yes : { "true", "yes", "on", "1", "TRUE", "Yes" })
            QTest::newRow(yes) << QByteArray(yes) << true;
        for (const char *no : { "false", "no", "off", "0", "False" })
            QTest::newRow(no) << QByteArray(no) << false;
    }
    void flagsTakeEveryBooleanSpelling()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, demo);
        const ServerOptions o = parse({ QStringLiteral("--config"), write(QStringLiteral("flag.conf"), "data = DIR/d\ndemo = " + value) });
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.demo, demo);
    }

    void defaultFileComesFromTheEnvironment()
    {
        const QByteArray absent = qgetenv("TESSERA_CONFIG");
        const QString path = write(QStringLiteral("default.conf"), "data = DIR/from-default\n");
        qputenv("TESSERA_CONFIG", QFile::encodeName(path));
        const ServerOptions found = parse({});
        qputenv("TESSERA_CONFIG", absent);
        QVERIFY2(found.error.isEmpty(), qPrintable(found.error));
        QCOMPARE(found.configPath, path);
        QCOMPARE(found.dataDir, m_dir.filePath(QStringLiteral("from-default")));

        // No default file: the command line alone.
        const ServerOptions none = parse({ QStringLiteral("--data"), m_dir.path() });
        QVERIFY2(none.error.isEmpty(), qPrintable(none.error));
        QVERIFY(none.configPath.isEmpty());
        QCOMPARE(parse({}).error, QStringLiteral("--data DIR is required"));

        // A file named with --config must be there.
        const QString missing = m_dir.filePath(QStringLiteral("missing.conf"));
        const ServerOptions named = parse({ QStringLiteral("--config"), missing, QStringLiteral("--data"), m_dir.path() });
        QVERIFY2(named.error.startsWith(missing + QStringLiteral(": cannot read it")), qPrintable(named.error));
    }

    void everySettingOptionIsAKey()
    {
        const QStringList options = helpOptions();
        QVERIFY2(options.size() >= 20, qPrintable(options.join(QLatin1Char(' '))));
        const ServerOptions base = parse({ QStringLiteral("--data"), m_dir.path() });
        QVERIFY2(base.error.isEmpty(), qPrintable(base.error));
        int settings = 0;
        for (const QString &name : options) {
            const QByteArray key = name.toUtf8();
            if (m_actions.contains(name)) {
                const ServerOptions o = parse({ QStringLiteral("--config"), write(QStringLiteral("action.conf"), "data = DIR\n" + key + " = 1\n") });
                QVERIFY2(o.error.contains(QStringLiteral(":2: key '%1' is not a setting").arg(name)), qPrintable(name + QStringLiteral(": ") + o.error));
                continue;
            }
            ++settings;
            QVERIFY2(base.settings.contains(name), qPrintable(name + QStringLiteral(" has no key")));
            // The file's value reaches the option (or is refused in the key's name, never as unknown).
            const QByteArray probe = name == QLatin1String("data") ? QFile::encodeName(m_dir.path()) : QByteArrayLiteral("1");
            const ServerOptions o = parse({ QStringLiteral("--config"),
                                            write(QStringLiteral("key.conf"), (name == QLatin1String("data") ? "" : "data = DIR\n") + key + " = " + probe + "\n") });
            if (o.error.isEmpty()) {
                const QString expected = base.settings.value(name) == QLatin1String("false") ? QStringLiteral("true") : QString::fromUtf8(probe);
                QCOMPARE(o.settings.value(name), expected);
            } else {
                QVERIFY2(o.error.contains(QStringLiteral(": key '%1'").arg(name)), qPrintable(name + QStringLiteral(": ") + o.error));
            }
        }
        QCOMPARE(settings, int(base.settings.size())); // no key that is not an option
    }

    // The Debian package's /etc/tessera/server.conf and the admin docs' example list every
    // key: an option added without them fails here.
    void packagedFileAndDocsNameEveryKey()
    {
        const QString packaged = sourceFile("packaging/server.conf");
        const QString docs = sourceFile("docs/admin.md");
        QVERIFY(!packaged.isEmpty());
        QVERIFY(!docs.isEmpty());
        const ServerOptions base = parse({ QStringLiteral("--data"), m_dir.path() });
        for (auto it = base.settings.cbegin(); it != base.settings.cend(); ++it) {
            const QRegularExpression line(QStringLiteral("^ *#? ?%1 = ").arg(QRegularExpression::escape(it.key())),
                                          QRegularExpression::MultilineOption);
            QVERIFY2(line.match(packaged).hasMatch(), qPrintable(QStringLiteral("packaging/server.conf lacks ") + it.key()));
            QVERIFY2(line.match(docs).hasMatch(), qPrintable(QStringLiteral("docs/admin.md's example lacks ") + it.key()));
        }
    }

    void badFilesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a number") << QByteArray("data = DIR\nlisten = 127.0.0.1:0\nmax-body-bytes = lots\n")
                                      << QStringLiteral(":3: key 'max-body-bytes': expects a whole number from 1 to 1073741824 (got 'lots')");
        QTest::newRow("typo") << QByteArray("data = DIR\nlisen = 0.0.0.0:7420\n") << QStringLiteral(":2: unknown key 'lisen' (did you mean 'listen'?)");
        QTest::newRow("nothing like it") << QByteArray("data = DIR\nfrobnicate = 1\n") << QStringLiteral(":2: unknown key 'frobnicate'\n");
        QTest::newRow("twice") << QByteArray("data = DIR\nlisten = 127.0.0.1:0\nlisten = 127.0.0.1:1\n")
                               << QStringLiteral(":3: key 'listen' given twice (first on line 2)");
        QTest::newRow("not key = value") << QByteArray("data = DIR\n\nlisten 127.0.0.1:0\n") << QStringLiteral(":3: expected 'key = value' (got 'listen 127.0.0.1:0')");
        QTest::newRow("no key") << QByteArray("= 1\n") << QStringLiteral(":1: expected 'key = value'");
        QTest::newRow("empty value") << QByteArray("data = DIR\nlisten =\n") << QStringLiteral(":2: key 'listen' has no value");
        QTest::newRow("other section") << QByteArray("[client]\ndata = DIR\n") << QStringLiteral(":1: only a [server] section is allowed (got '[client]')");
        QTest::newRow("bad flag") << QByteArray("data = DIR\ndemo = maybe\n") << QStringLiteral(":2: key 'demo': expects true or false");
        QTest::newRow("action") << QByteArray("data = DIR\nadd-user = ana\n") << QStringLiteral(":2: key 'add-user' is not a setting");
        QTest::newRow("bad listen") << QByteArray("data = DIR\nlisten = nowhere\n") << QStringLiteral(":2: key 'listen': expects HOST:PORT");
        QTest::newRow("certificate missing") << QByteArray("data = DIR\ntls-cert = DIR/none.pem\ntls-key = DIR/none.key\n")
                                             << QStringLiteral(":2: key 'tls-cert': cannot read ");
        QTest::newRow("key missing") << QByteArray("data = DIR\ntls-key = DIR/none.key\ntls-cert = DIR/good.pem\n")
                                     << QStringLiteral(":2: key 'tls-key': cannot read ");
        QTest::newRow("token missing") << QByteArray("data = DIR\nmetrics-token-file = DIR/none\n")
                                       << QStringLiteral(":2: key 'metrics-token-file': cannot read ");
        QTest::newRow("not text") << QByteArray("data = DIR\nlisten = \xff\xfe\n") << QStringLiteral(": not UTF-8 text");
    }
    void badFilesAreNamed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        write(QStringLiteral("good.pem"), "not checked here: only readable\n");
        const QString path = write(QStringLiteral("bad.conf"), text);
        const ServerOptions o = parse({ QStringLiteral("--config"), path });
        QVERIFY2(QString(o.error + QLatin1Char('\n')).startsWith(path + error), qPrintable(o.error));
    }

    // A bad value is reported even where the command line overrides it: the file is wrong.
    void badValueHiddenByTheCommandLineIsStillNamed()
    {
        const QString path = write(QStringLiteral("hidden.conf"), "data = DIR\nmax-body-bytes = lots\n");
        const ServerOptions o = parse({ QStringLiteral("--config"), path, QStringLiteral("--max-body-bytes"), QStringLiteral("10") });
        QCOMPARE(o.error, path + QStringLiteral(":2: key 'max-body-bytes': expects a whole number from 1 to 1073741824 (got 'lots')"));
        // And a bad command-line value over a good file is the command line's.
        const QString good = write(QStringLiteral("good.conf"), "data = DIR\nmax-body-bytes = 10\n");
        const ServerOptions cli = parse({ QStringLiteral("--config"), good, QStringLiteral("--max-body-bytes"), QStringLiteral("0") });
        QCOMPARE(cli.error, QStringLiteral("--max-body-bytes expects a whole number from 1 to 1073741824 (got '0')"));
    }

    // --files-dir: default DATA/files, a relative path made absolute from the current
    // folder (on the command line and in the file), an empty value refused by name.
    void filesDirIsAbsoluteAndNeverEmpty()
    {
        const ServerOptions byDefault = parse({ QStringLiteral("--data"), m_dir.path() });
        QVERIFY2(byDefault.error.isEmpty(), qPrintable(byDefault.error));
        QCOMPARE(byDefault.filesDir, m_dir.filePath(QStringLiteral("files")));
        QCOMPARE(byDefault.settings.value(QStringLiteral("files-dir")), QString());

        const ServerOptions absolute
                = parse({ QStringLiteral("--data"), m_dir.path(), QStringLiteral("--files-dir"), QStringLiteral("/srv/shared/./files/") });
        QVERIFY2(absolute.error.isEmpty(), qPrintable(absolute.error));
        QCOMPARE(absolute.filesDir, QStringLiteral("/srv/shared/files"));

        const ServerOptions relative
                = parse({ QStringLiteral("--data"), m_dir.path(), QStringLiteral("--files-dir=../shared/files") });
        QVERIFY2(relative.error.isEmpty(), qPrintable(relative.error));
        QCOMPARE(relative.filesDir, QDir::cleanPath(QDir::currentPath() + QStringLiteral("/../shared/files")));
        QVERIFY(QDir::isAbsolutePath(relative.filesDir));

        const QString file = write(QStringLiteral("files.conf"), "data = DIR\nfiles-dir = attachments\n");
        const ServerOptions fromFile = parse({ QStringLiteral("--config"), file });
        QVERIFY2(fromFile.error.isEmpty(), qPrintable(fromFile.error));
        QCOMPARE(fromFile.filesDir, QDir::current().absoluteFilePath(QStringLiteral("attachments")));
        QCOMPARE(fromFile.settings.value(QStringLiteral("files-dir")), QStringLiteral("attachments"));

        for (const QStringList &empty : { QStringList { QStringLiteral("--files-dir"), QString() },
                                          QStringList { QStringLiteral("--files-dir=") } }) {
            const ServerOptions o = parse(QStringList { QStringLiteral("--data"), m_dir.path() } + empty);
            QCOMPARE(o.error, QStringLiteral("--files-dir expects a folder (got an empty value)"));
        }
        const ServerOptions emptyKey
                = parse({ QStringLiteral("--config"), write(QStringLiteral("files.conf"), "data = DIR\nfiles-dir =\n") });
        QVERIFY2(emptyKey.error.startsWith(file + QStringLiteral(":2: key 'files-dir' has no value")), qPrintable(emptyKey.error));
        const ServerOptions noValue = parse({ QStringLiteral("--data"), m_dir.path(), QStringLiteral("--files-dir") });
        QCOMPARE(noValue.error, QStringLiteral("Missing value after '--files-dir'."));
    }

    // --check-config through the real binary: it validates and exits, opening nothing and
    // listening nowhere (a port in use and a data folder not yet made do not matter).
    void checkConfigThroughTheBinary()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        const QString data = m_dir.filePath(QStringLiteral("never-made"));
        const QString path = write(QStringLiteral("check.conf"), QStringLiteral("data = %1\nlisten = 127.0.0.1:%2\nmax-body-bytes = 4096\n")
                                                                        .arg(data)
                                                                        .arg(busy.serverPort())
                                                                        .toUtf8());
        auto r = ServerProcess::runBinary({ QStringLiteral("--check-config"), QStringLiteral("--config"), path });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, path + QStringLiteral(": ok\n"));
        QVERIFY(!QFileInfo::exists(data));

        write(QStringLiteral("check.conf"), "data = DIR\nlisten = 127.0.0.1:0\nmax-body-bytes = lots\n");
        r = ServerProcess::runBinary({ QStringLiteral("--check-config"), QStringLiteral("--config"), path });
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, path + QStringLiteral(":3: key 'max-body-bytes': expects a whole number from 1 to 1073741824 (got 'lots')\n"));
        QVERIFY(r.out.isEmpty());

        write(QStringLiteral("check.conf"), "data = DIR\nlisen = 127.0.0.1:0\n");
        r = ServerProcess::runBinary({ QStringLiteral("--check-config"), QStringLiteral("--config"), path });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("unknown key 'lisen' (did you mean 'listen'?)")), qPrintable(r.err));

        // Nothing to check: the default file (TESSERA_CONFIG here) does not exist.
        r = ServerProcess::runBinary({ QStringLiteral("--check-config") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no config file to check")), qPrintable(r.err));

        r = ServerProcess::runBinary({ QStringLiteral("--check-config"), QStringLiteral("--add-user"), QStringLiteral("ana"),
                                       QStringLiteral("--password-stdin"), QStringLiteral("--config"), path });
        QCOMPARE(r.exitCode, 1);
    }

    // What the Debian package installs as /etc/tessera/server.conf is valid as shipped.
    void packagedFilePassesCheckConfig()
    {
        const QString path = QStringLiteral(TESSERA_SOURCE_DIR "/packaging/server.conf");
        const auto r = ServerProcess::runBinary({ QStringLiteral("--check-config"), QStringLiteral("--config"), path });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, path + QStringLiteral(": ok\n"));
        const ServerOptions o = parse({ QStringLiteral("--config"), path });
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.dataDir, QStringLiteral("/var/lib/tessera"));
        QCOMPARE(o.host, QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(o.port, quint16(7420));
    }
};

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_serverconfig.moc"
