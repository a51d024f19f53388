#include "benchcommon.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

namespace Tessera::Bench {

Args::Args(const QStringList &args)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (!a.startsWith(QLatin1String("--"))) {
            m_stray.append(a);
            continue;
        }
        const QString key = a.mid(2);
        if (i + 1 < args.size() && !args.at(i + 1).startsWith(QLatin1String("--")))
            m_values.insert(key, args.at(++i));
        else
            m_values.insert(key, QString());
    }
}

qint64 Args::integer(const QString &key, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = m_values.value(key).toLongLong(&ok);
    return ok ? v : fallback;
}

double Args::number(const QString &key, double fallback) const
{
    bool ok = false;
    const double v = m_values.value(key).toDouble(&ok);
    return ok ? v : fallback;
}

QString Args::check(const QList<OptionSpec> &specs) const
{
    if (!m_stray.isEmpty())
        return QStringLiteral("unexpected argument '%1' (options are --name value)").arg(m_stray.constFirst());
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        const auto spec = std::find_if(specs.cbegin(), specs.cend(),
                                       [&](const OptionSpec &s) { return it.key() == QLatin1String(s.name); });
        if (spec == specs.cend())
            return QStringLiteral("unknown option --%1").arg(it.key());
        if (spec->kind == OptionSpec::Flag) {
            if (!it.value().isEmpty())
                return QStringLiteral("--%1 takes no value (got '%2')").arg(it.key(), it.value());
            continue;
        }
        if (it.value().isEmpty())
            return QStringLiteral("--%1 needs a value").arg(it.key());
        if (spec->kind == OptionSpec::Number) {
            bool ok = false;
            const double v = it.value().toDouble(&ok);
            if (!ok)
                return QStringLiteral("--%1 needs a number, got '%2'").arg(it.key(), it.value());
            if (v < spec->min || v > spec->max)
                return QStringLiteral("--%1 must be between %2 and %3, got %4").arg(it.key()).arg(spec->min).arg(spec->max).arg(it.value());
        }
    }
    return {};
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    const QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(2);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    tick.start();
    loop.exec();
    return done();
}

BenchServer::BenchServer() = default;
BenchServer::~BenchServer() = default;

bool BenchServer::start(const Args &args, QString *error)
{
    if (args.has(QStringLiteral("server"))) {
        m_url = QUrl(args.value(QStringLiteral("server")));
        if (!m_url.isValid() || m_url.host().isEmpty()) {
            *error = QStringLiteral("--server needs a URL like http://127.0.0.1:7420");
            return false;
        }
        return true;
    }
    if (qEnvironmentVariableIsEmpty("TESSERA_SERVER_BIN")) {
        const QString dir = QCoreApplication::applicationDirPath();
        const QStringList candidates { dir + QStringLiteral("/../server/tessera-server"), dir + QStringLiteral("/tessera-server") };
        for (const QString &candidate : candidates) {
            if (QFileInfo(candidate).isExecutable()) {
                qputenv("TESSERA_SERVER_BIN", QFileInfo(candidate).canonicalFilePath().toLocal8Bit());
                break;
            }
        }
    }
    if (qEnvironmentVariableIsEmpty("TESSERA_SERVER_BIN")) {
        *error = QStringLiteral("no tessera-server next to the bench; set TESSERA_SERVER_BIN or pass --server");
        return false;
    }
    // The benchmark measures the server, not its protection against one flooding client:
    // its thousands of sockets are one user on one address, so the per-connection flood
    // limit and the per-user/per-address caps (issue #13) are lifted for it.
    for (const char *name : { "TESSERA_WS_RATE_PER_SECOND", "TESSERA_WS_RATE_BURST", "TESSERA_WS_MAX_SOCKETS_PER_USER",
                              "TESSERA_WS_MAX_SOCKETS_PER_ADDRESS", "TESSERA_WS_MAX_UNAUTHENTICATED",
                              "TESSERA_WS_MAX_UNAUTHENTICATED_PER_ADDRESS", "TESSERA_HTTP_MAX_PENDING_PER_ADDRESS",
                              "TESSERA_HTTP_MAX_PENDING", "TESSERA_HTTP_MAX_CONNECTIONS_PER_ADDRESS",
                              "TESSERA_HTTP_MUTATIONS_PER_SECOND", "TESSERA_HTTP_MUTATION_BURST" }) {
        if (qEnvironmentVariableIsEmpty(name))
            qputenv(name, "1000000");
    }
    m_own = std::make_unique<Test::ServerProcess>();
    if (!m_own->start({ QStringLiteral("--demo") })) {
        *error = QStringLiteral("tessera-server did not start: ") + m_own->output();
        return false;
    }
    m_url = m_own->url();
    return true;
}

bool BenchServer::restart()
{
    if (!m_own)
        return false;
    const quint16 port = m_own->port();
    m_own->stop();
    return m_own->start({ QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port) });
}

bool BenchServer::alive() const
{
    return !m_own || m_own->process().state() == QProcess::Running;
}

qint64 BenchServer::pid() const
{
    return m_own ? m_own->process().processId() : 0;
}

QByteArray BenchServer::login(const QString &login, const QString &password) const
{
    const QJsonObject body { { QStringLiteral("login"), login }, { QStringLiteral("password"), password } };
    const Test::HttpResult r = Test::httpRequest("POST", m_url.resolved(QUrl(QStringLiteral("/api/v1/login"))),
                                                 QJsonDocument(body).toJson(QJsonDocument::Compact));
    return r.json().value(QStringLiteral("token")).toString().toLatin1();
}

QString BenchServer::createBoard(const QByteArray &token, const QString &name) const
{
    const QJsonObject body { { QStringLiteral("name"), name } };
    const Test::HttpResult r = Test::httpRequest("POST", m_url.resolved(QUrl(QStringLiteral("/api/v1/boards"))),
                                                 QJsonDocument(body).toJson(QJsonDocument::Compact), token);
    return r.json().value(QStringLiteral("board")).toObject().value(QStringLiteral("id")).toString();
}

BenchSocket::BenchSocket(QObject *parent) : QObject(parent)
{
    connect(&m_ws, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (onFrame)
            onFrame(text.toUtf8());
    });
    connect(&m_ws, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        if (onFrame)
            onFrame(bytes);
    });
    connect(&m_ws, &QWebSocket::connected, this, [this] {
        if (onConnected)
            onConnected();
    });
    connect(&m_ws, &QWebSocket::disconnected, this, [this] {
        if (onDisconnected)
            onDisconnected();
    });
}

void BenchSocket::open(const QUrl &httpUrl)
{
    QUrl u = httpUrl;
    u.setScheme(httpUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    u.setPath(QStringLiteral("/ws"));
    m_ws.open(u);
}

void BenchSocket::send(const QJsonObject &frame)
{
    m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void BenchSocket::hello(const QByteArray &token)
{
    send({ { QStringLiteral("type"), QStringLiteral("hello") }, { QStringLiteral("protocol"), 1 },
           { QStringLiteral("token"), QString::fromLatin1(token) } });
}

namespace {

qsizetype valueStart(const QByteArray &json, const char *key)
{
    const QByteArray needle = QByteArray("\"") + key + "\":";
    const qsizetype at = json.indexOf(needle);
    return at < 0 ? -1 : at + needle.size();
}

} // namespace

qint64 intField(const QByteArray &json, const char *key, qint64 fallback)
{
    qsizetype i = valueStart(json, key);
    if (i < 0)
        return fallback;
    qint64 v = 0;
    bool any = false;
    while (i < json.size() && json.at(i) >= '0' && json.at(i) <= '9') {
        v = v * 10 + (json.at(i++) - '0');
        any = true;
    }
    return any ? v : fallback;
}

QByteArray stringField(const QByteArray &json, const char *key)
{
    const qsizetype i = valueStart(json, key);
    if (i < 0 || i >= json.size() || json.at(i) != '"')
        return {};
    const qsizetype end = json.indexOf('"', i + 1);
    return end < 0 ? QByteArray() : json.mid(i + 1, end - i - 1);
}

bool isType(const QByteArray &json, const char *type)
{
    return stringField(json, "type") == type;
}

QJsonObject itemCreateFrame(qint64 rid, const QString &board, const QString &itemId, const QString &title, const QString &rank)
{
    const QJsonObject op { { QStringLiteral("kind"), QStringLiteral("item.create") }, { QStringLiteral("itemId"), itemId },
                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } },
                           { QStringLiteral("rank"), rank } };
    return { { QStringLiteral("type"), QStringLiteral("mutate") }, { QStringLiteral("rid"), double(rid) },
             { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
             { QStringLiteral("board"), board }, { QStringLiteral("op"), op } };
}

QJsonObject itemUpdateFrame(qint64 rid, const QString &board, const QString &itemId, const QString &title)
{
    const QJsonObject op { { QStringLiteral("kind"), QStringLiteral("item.update") }, { QStringLiteral("itemId"), itemId },
                           { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), title } } } };
    return { { QStringLiteral("type"), QStringLiteral("mutate") }, { QStringLiteral("rid"), double(rid) },
             { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
             { QStringLiteral("board"), board }, { QStringLiteral("op"), op } };
}

QString rankFor(int i)
{
    return QStringLiteral("V%1V").arg(i, 7, 10, QLatin1Char('0'));
}

QJsonObject loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> parts = f.readAll().split(' ');
    if (parts.size() < 3)
        return {};
    return { { QStringLiteral("1min"), parts.at(0).toDouble() }, { QStringLiteral("5min"), parts.at(1).toDouble() },
             { QStringLiteral("15min"), parts.at(2).toDouble() } };
}

void raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max; // the server we start inherits it
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void print(const QString &bench, const QJsonObject &params, const QJsonObject &results, const BenchServer &server)
{
    const QJsonObject out { { QStringLiteral("bench"), bench },
                            { QStringLiteral("params"), params },
                            { QStringLiteral("results"), results },
                            { QStringLiteral("server"), server.isOwn() ? QStringLiteral("own") : server.url().isEmpty() ? QStringLiteral("none") : server.url().toString() },
                            { QStringLiteral("cpus"), QThread::idealThreadCount() },
                            { QStringLiteral("loadAverageAfter"), loadAverage() } };
    const QByteArray bytes = QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace Tessera::Bench
