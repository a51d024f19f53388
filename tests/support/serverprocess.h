#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace Tessera::Test {

// The real tessera-server binary (from TESSERA_SERVER_BIN) on 127.0.0.1, port 0, with a
// temporary data directory. start() waits for its "listening on" line.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    bool start(const QStringList &extraArgs = {});
    void stop(); // SIGTERM and wait
    void kill(); // SIGKILL, no chance to clean up
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    QString dataDir() const { return m_dir->path(); }
    QString output() const { return m_output; }
    QProcess &process() { return *m_process; }

    // Runs the binary to completion with these arguments (plus --data), feeding stdin.
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Result run(const QStringList &args, const QByteArray &stdinData = {}) const;
    static Result runBinary(const QStringList &args, const QByteArray &stdinData = {});
    static QString binary();

    bool addUser(const QString &login, const QString &password, bool admin = false);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QString m_output;
};

// Small synchronous HTTP helper for tests: one request, waits for the reply.
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const;
};
HttpResult httpRequest(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                       const QByteArray &token = {}, int timeoutMs = 15000);

} // namespace Tessera::Test
