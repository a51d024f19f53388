// tessera: the desktop client.
#include "app/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QTextStream>

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
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("Server URL to connect to."),
                                    QStringLiteral("URL"));
    const QCommandLineOption login(QStringLiteral("login"), QStringLiteral("Login name."), QStringLiteral("LOGIN"));
    parser.addOptions({ server, login });
    parser.process(app);

    Tessera::App::MainWindow window;
    if (parser.isSet(server))
        window.setServer(QUrl(parser.value(server)));
    window.show();
    return app.exec();
}
