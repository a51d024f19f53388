// The certificate question (issue #13, finding 8): a first self-signed contact shows the
// key's SHA-256 fingerprint and asks; "Trust this server" pins it and the sign-in goes on,
// "Don't connect" leaves the client signed out. Clicked with the mouse, as a person would.
#include "app/shell/appcontroller.h"
#include "app/shell/certificatedialog.h"
#include "app/shell/mainwindow.h"
#include "core/client/certificatepin.h"
#include "core/client/memorytokenstore.h"
#include "core/client/syncclient.h"
#include "support/serverprocess.h"

#include <QAccessible>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;

namespace {

struct Session
{
    QTemporaryDir dir;
    Core::MemoryTokenStore tokens;
    QSettings settings { dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat };
    App::AppController app { { dir.path(), &tokens, &settings } };
};

Core::CertificateQuestion sampleQuestion(bool changed)
{
    Core::CertificateQuestion q;
    q.host = QStringLiteral("tessera.lan:7420");
    q.fingerprint = QString::fromLatin1(QByteArray(32, '\x5a').toBase64());
    q.fingerprintHex = Core::CertificatePin::hexOf(q.fingerprint);
    q.pinnedHex = changed ? Core::CertificatePin::hexOf(QString::fromLatin1(QByteArray(32, '\x11').toBase64())) : QString();
    q.subject = QStringLiteral("<b>tessera</b>.lan"); // shown as written, never as markup
    q.changed = changed;
    q.explanation = QStringLiteral("Compare the fingerprint.");
    return q;
}

} // namespace

class TestCertificateDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_certs;

private Q_SLOTS:
    void showsTheFingerprintAsPlainTextWithNamedControls()
    {
        App::CertificateDialog dialog(sampleQuestion(true));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.fingerprintLabel()->text(), sampleQuestion(true).fingerprintHex);
        bool subjectShown = false;
        for (QLabel *label : dialog.findChildren<QLabel *>()) {
            QCOMPARE(label->textFormat(), Qt::PlainText);
            QVERIFY2(!label->accessibleName().isEmpty(), qPrintable(label->text()));
            subjectShown = subjectShown || label->text().contains(QStringLiteral("<b>tessera</b>.lan"));
        }
        QVERIFY(subjectShown);
        for (QPushButton *button : dialog.findChildren<QPushButton *>())
            QVERIFY(!button->accessibleName().isEmpty());
        QVERIFY(dialog.refuseButton()->isDefault()); // Enter does not trust
    }

    void buttonsAnswer()
    {
        {
            App::CertificateDialog dialog(sampleQuestion(false));
            QSignalSpy trusted(&dialog, &App::CertificateDialog::trusted);
            QSignalSpy refused(&dialog, &App::CertificateDialog::refused);
            dialog.open();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QTest::mouseClick(dialog.trustButton(), Qt::LeftButton);
            QCOMPARE(trusted.size(), 1);
            QCOMPARE(trusted.first().first().toString(), sampleQuestion(false).fingerprint);
            QCOMPARE(refused.size(), 0);
            QVERIFY(!dialog.isVisible());
        }
        {
            App::CertificateDialog dialog(sampleQuestion(false));
            QSignalSpy trusted(&dialog, &App::CertificateDialog::trusted);
            QSignalSpy refused(&dialog, &App::CertificateDialog::refused);
            dialog.open();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QTest::mouseClick(dialog.refuseButton(), Qt::LeftButton);
            QCOMPARE(refused.size(), 1);
            QCOMPARE(trusted.size(), 0);
        }
    }

    void mainWindowAsksAndTrustingSignsIn()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is needed to make a test certificate");
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), m_certs.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                        m_certs.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"), QStringLiteral("2"),
                        QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") });
        QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
        QFile certFile(m_certs.filePath(QStringLiteral("cert.pem")));
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        const QString expected = Core::CertificatePin::hexOf(Core::CertificatePin::spkiHash(QSslCertificate(certFile.readAll())));

        Test::ServerProcess server;
        QVERIFY(server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(server.start({ QStringLiteral("--tls-cert"), m_certs.filePath(QStringLiteral("cert.pem")),
                               QStringLiteral("--tls-key"), m_certs.filePath(QStringLiteral("key.pem")) }));
        Session s;
        App::MainWindow window(&s.app);
        window.show();
        QSignalSpy shown(&window, &App::MainWindow::boardsShown);
        window.setServer(server.url());
        window.signIn(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QTRY_VERIFY_WITH_TIMEOUT(window.certificateDialog() && window.certificateDialog()->isVisible(), 10000);
        App::CertificateDialog *dialog = window.certificateDialog();
        QCOMPARE(dialog->fingerprintLabel()->text(), expected); // what the admin can compare
        QVERIFY(!s.app.sync()->pendingCertificate()->changed);
        QCOMPARE(shown.size(), 0); // the sign-in waits for the answer
        QTest::mouseClick(dialog->trustButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(s.app.sync()->state(), Core::SyncClient::State::Live, 15000); // https and wss
        QTRY_VERIFY(window.connectionText().contains(QStringLiteral("Signed in as ana")));
        QVERIFY(!window.certificateDialog());
    }

    void mainWindowRefusalLeavesItSignedOut()
    {
        QVERIFY(QFile::exists(m_certs.filePath(QStringLiteral("cert.pem"))));
        Test::ServerProcess server;
        QVERIFY(server.addUser(QStringLiteral("ana"), QStringLiteral("tessera-test-pass")));
        QVERIFY(server.start({ QStringLiteral("--tls-cert"), m_certs.filePath(QStringLiteral("cert.pem")),
                               QStringLiteral("--tls-key"), m_certs.filePath(QStringLiteral("key.pem")) }));
        Session s;
        App::MainWindow window(&s.app);
        window.show();
        window.setServer(server.url());
        window.signIn(QStringLiteral("ana"), QStringLiteral("tessera-test-pass"));
        QTRY_VERIFY_WITH_TIMEOUT(window.certificateDialog() && window.certificateDialog()->isVisible(), 10000);
        QSignalSpy failed(&s.app, &App::AppController::signInFailed);
        QTest::mouseClick(window.certificateDialog()->refuseButton(), Qt::LeftButton);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("not trusted")));
        QCOMPARE(s.app.sync()->state(), Core::SyncClient::State::SignedOut);
    }
};

QTEST_MAIN(TestCertificateDialog)
#include "tst_certificatedialog.moc"
