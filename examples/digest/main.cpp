// tessera-digest --server URL --login L --password-stdin [--board NAME] [--timeout S]
// Prints a daily digest of the boards to stdout. Exit codes: 0 printed, 1 usage,
// 2 sign-in failed (wrong password, unreachable server), 3 timed out, 4 no such board.
#include "digest.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QTextStream>

using namespace Tessera::Examples;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-digest"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Prints a daily digest of your Tessera boards."));
    parser.addHelpOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("The server, e.g. https://tessera.example.org"),
                                    QStringLiteral("url"));
    const QCommandLineOption login(QStringLiteral("login"), QStringLiteral("Your login."), QStringLiteral("login"));
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"),
                                           QStringLiteral("Read the password from the first line of standard input."));
    const QCommandLineOption board(QStringLiteral("board"), QStringLiteral("Only the board with this name."),
                                   QStringLiteral("name"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Give up after this many seconds (30)."),
                                     QStringLiteral("seconds"), QStringLiteral("30"));
    parser.addOptions({ server, login, passwordStdin, board, timeout });
    parser.process(app);

    QTextStream err(stderr);
    const QUrl url(parser.value(server));
    bool timeoutOk = false;
    const int seconds = parser.value(timeout).toInt(&timeoutOk);
    if (!url.isValid() || !(url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        || parser.value(login).isEmpty() || !parser.isSet(passwordStdin) || !timeoutOk || seconds < 1
        || seconds > 3600) {
        err << "tessera-digest: needs --server http(s)://host:port, --login and --password-stdin "
               "(and --timeout between 1 and 3600 seconds)\n";
        return 1;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        err << "tessera-digest: cannot read the password from standard input\n";
        return 1;
    }
    const QString password = QString::fromUtf8(in.readLine(4096)).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
    if (password.isEmpty()) {
        err << "tessera-digest: no password on standard input\n";
        return 1;
    }

    // The engine logs its connection states at info level: stderr is for what went wrong.
    QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.info=false"));
    DigestRun run({ url, parser.value(login), password, parser.value(board), seconds });
    QObject::connect(&run, &DigestRun::finished, &app, [&run, &err](int code) {
        if (code == 0)
            QTextStream(stdout) << run.output();
        else
            err << "tessera-digest: " << run.error() << '\n';
        QCoreApplication::exit(code);
    });
    run.start();
    return QCoreApplication::exec();
}
