// The systemd unit the server package installs is hardened: `systemd-analyze security
// --offline=yes` rates its exposure at most 2.0 (it was 8.5 EXPOSED), it runs as the
// tessera user with a private 0700 state folder, a 0077 umask and room for 10,000 sockets.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

class TestServiceUnit : public QObject
{
    Q_OBJECT

    const QString m_unit = QStringLiteral(TESSERA_SOURCE_DIR "/packaging/tessera-server.service");

private Q_SLOTS:
    void exposureIsAtMostTwo()
    {
        const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
        if (analyze.isEmpty())
            QSKIP("systemd-analyze is not installed (scripts/setup.sh installs the systemd package)");
        QProcess p;
        p.start(analyze, { QStringLiteral("security"), QStringLiteral("--offline=yes"), m_unit });
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        static const QRegularExpression overall(QStringLiteral("Overall exposure level for \\S+: ([0-9.]+)"));
        const auto match = overall.match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out.right(2000)));
        const double exposure = match.captured(1).toDouble();
        QVERIFY2(exposure <= 2.0, qPrintable(QStringLiteral("exposure %1:\n%2").arg(exposure).arg(out.right(3000))));
    }

    void runsAsItsOwnUserWithPrivateData()
    {
        QFile f(m_unit);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString unit = QString::fromUtf8(f.readAll());
        for (const char *line : { "User=tessera", "StateDirectory=tessera", "StateDirectoryMode=0700", "UMask=0077",
                                  "LimitNOFILE=16384", "CapabilityBoundingSet=\n", "NoNewPrivileges=true" })
            QVERIFY2(unit.contains(QLatin1String(line)), line);
    }
};

QTEST_GUILESS_MAIN(TestServiceUnit)
#include "tst_serviceunit.moc"
