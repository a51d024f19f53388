#pragma once
// What every benchmark shares: arguments, the server under test (benchserver.h), waiting,
// the JSON report, and a thin WebSocket client that hands over raw frames.
#include "benchserver.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

#include <chrono>
#include <functional>
#include <memory>

namespace Tessera::Bench {

// What a subcommand accepts: a number in [min, max], any text, or a bare flag.
struct OptionSpec
{
    enum Kind { Number, Text, Flag };
    const char *name;
    Kind kind;
    double min = 0;
    double max = 0;
};

// --key value pairs and bare --flags after the subcommand.
class Args
{
public:
    explicit Args(const QStringList &args);
    bool has(const QString &key) const { return m_values.contains(key); }
    QString value(const QString &key, const QString &fallback = {}) const { return m_values.value(key, fallback); }
    qint64 integer(const QString &key, qint64 fallback) const;
    double number(const QString &key, double fallback) const;
    // Empty when every option is one of `specs` with a fitting value; else a message
    // naming the first bad one (unknown option, stray word, missing or bad value).
    QString check(const QList<OptionSpec> &specs) const;

private:
    QHash<QString, QString> m_values;
    QStringList m_stray; // words that follow no --option
};

// Monotonic nanoseconds, comparable across threads of this process.
inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Runs the calling thread's event loop until `done` or the timeout; true when done.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

// One raw WebSocket: frames (text or binary) go to onFrame unparsed.
class BenchSocket : public QObject
{
public:
    explicit BenchSocket(QObject *parent = nullptr);
    void open(const QUrl &httpUrl);
    void send(const QJsonObject &frame);
    void hello(const QByteArray &token);
    QWebSocket &socket() { return m_ws; }

    std::function<void(const QByteArray &)> onFrame;
    std::function<void()> onConnected;
    std::function<void()> onDisconnected;

private:
    QWebSocket m_ws;
};

// Cheap field access on compact server JSON (no full parse on the hot path).
qint64 intField(const QByteArray &json, const char *key, qint64 fallback = -1);
QByteArray stringField(const QByteArray &json, const char *key);
bool isType(const QByteArray &json, const char *type);

QJsonObject itemCreateFrame(qint64 rid, const QString &board, const QString &itemId, const QString &title, const QString &rank);
QJsonObject itemUpdateFrame(qint64 rid, const QString &board, const QString &itemId, const QString &title);
QString rankFor(int i); // distinct ranks in order
QJsonObject loadAverage(); // /proc/loadavg: the machine is shared, say how busy it was
void raiseFileLimit();
void print(const QString &bench, const QJsonObject &params, const QJsonObject &results, const BenchServer &server);

int runFanout(const Args &args);
int runCatchup(const Args &args);
int runConnect(const Args &args);
int runCommit(const Args &args);
int runModel(const Args &args);
int runAppLoad(const Args &args); // bench/appbench.sh's seeding and update stream

} // namespace Tessera::Bench
