#include "benchcommon.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
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
    QJsonObject out { { QStringLiteral("bench"), bench },
                            { QStringLiteral("params"), params },
                            { QStringLiteral("results"), results },
                            { QStringLiteral("server"), server.isOwn() ? QStringLiteral("own") : server.url().isEmpty() ? QStringLiteral("none") : server.url().toString() },
                            { QStringLiteral("cpus"), QThread::idealThreadCount() },
                            { QStringLiteral("loadAverageAfter"), loadAverage() } };
    if (server.isOwn()) {
        out.insert(QStringLiteral("database"), server.databaseKind());
        out.insert(QStringLiteral("nodes"), server.nodeCount());
    }
    const QByteArray bytes = QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace Tessera::Bench
