#pragma once

#include <QObject>
#include <QUrl>

class QProcess;

namespace Tessera::App {

// "Run a server on this computer": the bundled tessera-server as a child process, on
// 127.0.0.1 and a free port, with demo users and a demo board on first start. The binary
// is $TESSERA_SERVER_BIN or tessera-server next to the app. Stopped (SIGTERM, then kill)
// when this object goes away, so quitting the app never leaves it running.
class LocalServer final : public QObject
{
    Q_OBJECT

public:
    explicit LocalServer(QObject *parent = nullptr);
    ~LocalServer() override;

    static QString binary(); // empty if none found
    static QString defaultDataDir(); // <AppDataLocation>/local-server
    static QString demoLogin() { return QStringLiteral("ana"); }
    static QString demoPassword() { return QStringLiteral("tessera-demo"); }

    void start(const QString &dataDir = defaultDataDir());
    void stop();
    bool isRunning() const;
    QUrl url() const { return m_url; }

Q_SIGNALS:
    void started(const QUrl &url);
    void failed(const QString &message);

private:
    QProcess *m_process = nullptr;
    QByteArray m_output;
    QUrl m_url;
};

} // namespace Tessera::App
