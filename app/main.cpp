// tessera: the desktop client.
#include "app/shell/appcontroller.h"
#include "app/shell/framestats.h"
#include "app/settings/appearance.h"
#include "app/shell/mainwindow.h"
#include "app/platform/sessiontokenstore.h"
#include "app/settings/settingscontroller.h"
#include "core/client/serverprobe.h"
#include "app/platform/keychaintokenstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        QTextStream(stderr) << "tessera: no display found. Run it on a desktop, or headless under Xvfb:\n"
                               "  xvfb-run -a tessera --server http://127.0.0.1:7420\n";
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tessera"));
    QApplication::setOrganizationName(QStringLiteral("Tessera"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.tessera.Tessera"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tessera: collaborative boards."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("Server URL to connect to; a server with several nodes as a "
                                                   "comma-separated list (https://a:7420,https://b:7420), the first naming it."),
                                    QStringLiteral("URL[,URL...]"));
    const QCommandLineOption login(QStringLiteral("login"), QStringLiteral("Sign in as LOGIN (with --password-stdin)."),
                                   QStringLiteral("LOGIN"));
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"),
                                           QStringLiteral("Read the password for --login from the first line of stdin."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the main window to FILE once it has settled, then quit."),
                                        QStringLiteral("FILE"));
    parser.addOptions({ server, login, passwordStdin, screenshot });
    parser.process(app);

    // Composition: settings (server URLs and preferences, never a token), the keychain with
    // a memory-only fallback, the session controller, the window.
    QSettings settings;
    Tessera::App::SessionTokenStore tokens(std::make_unique<Tessera::App::KeychainTokenStore>());
    const QString cacheDir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("cache"));
    QDir().mkpath(cacheDir);
    Tessera::App::AppController controller({ cacheDir, &tokens, &settings });
    Tessera::App::Appearance::apply(Tessera::App::SettingsController::savedAppearance(&settings));
    Tessera::App::MainWindow window(&controller);
    // Benchmarks: TESSERA_FRAME_STATS=<file> times paints, batches and the start (bench/appbench.sh).
    const auto frameStats = Tessera::App::FrameStats::fromEnvironment(&controller, &window);
    tokens.setKeychainUnavailableHandler([&window](const QString &error) {
        qInfo("tessera: keychain unavailable: %s", qPrintable(error)); // qtkeychain's text is often just "Unknown error"
        window.showStatusMessage(QCoreApplication::translate("main", "No keychain available: this session is kept in memory "
                                                                     "only and ends when Tessera quits."));
    });

    const bool signIn = parser.isSet(server) && parser.isSet(login) && parser.isSet(passwordStdin);
    Tessera::Core::ServerProbe probe;
    if (parser.isSet(server)) {
        const QString password = signIn ? QTextStream(stdin).readLine() : QString();
        const QString userLogin = parser.value(login);
        // "host:port" works too: https if the server speaks it, else http (and the status bar says so).
        probe.resolve(parser.value(server), [&window, &controller, signIn, password, userLogin](const Tessera::Core::ServerProbe::Result &r) {
            if (r.url.isEmpty()) {
                window.showConnectDialog(r.error);
                return;
            }
            window.setServer(r.servers);
            if (!r.note.isEmpty())
                window.showStatusMessage(r.note);
            if (signIn)
                window.signIn(userLogin, password);
            else
                controller.resume(r.servers);
        });
    } else if (controller.lastServer().isValid()) {
        controller.resume(controller.lastServers());
    } else {
        QTimer::singleShot(0, &window, [&window] { window.showConnectDialog(); });
    }
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        const auto save = [&window, file] {
            const bool ok = window.grab().save(file);
            QTextStream(ok ? stdout : stderr) << (ok ? "saved " : "could not save ") << file << Qt::endl;
            QCoreApplication::exit(ok ? 0 : 1);
        };
        if (signIn)
            QObject::connect(&window, &Tessera::App::MainWindow::boardsShown, &window, [&window, save](int count) {
                // Give the first board a moment to load its snapshot.
                QTimer::singleShot(count > 0 ? 1500 : 0, &window, save);
            }, Qt::SingleShotConnection);
        else if (parser.isSet(server))
            QObject::connect(&window, &Tessera::App::MainWindow::connectionChecked, &window, save);
        else
            QTimer::singleShot(500, &window, save);
    }
    return app.exec();
}
