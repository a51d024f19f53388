#include "localserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace Tessera::App {

LocalServer::LocalServer(QObject *parent) : QObject(parent) { }

LocalServer::~LocalServer()
{
    stop();
}

QString LocalServer::binary()
{
    const QString fromEnv = qEnvironmentVariable("TESSERA_SERVER_BIN");
    if (!fromEnv.isEmpty() && QFileInfo(fromEnv).isExecutable())
        return fromEnv;
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString &candidate : { here.filePath(QStringLiteral("tessera-server")),
                                      here.filePath(QStringLiteral("../server/tessera-server")) })
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    return QStandardPaths::findExecutable(QStringLiteral("tessera-server"));
}

QString LocalServer::defaultDataDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("local-server"));
}

bool LocalServer::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void LocalServer::start(const QString &dataDir)
{
    if (isRunning() && m_url.isValid()) {
        Q_EMIT started(m_url);
        return;
    }
    const QString program = binary();
    if (program.isEmpty()) {
        Q_EMIT failed(tr("The bundled server (tessera-server) was not found next to the app."));
        return;
    }
    if (!QDir().mkpath(dataDir)) {
        Q_EMIT failed(tr("Cannot create the server's data folder %1.").arg(dataDir));
        return;
    }
    stop();
    m_output.clear();
    m_url = QUrl();
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::readyRead, this, [this] {
        m_output += m_process->readAll();
        if (m_url.isValid())
            return;
        const int at = m_output.indexOf("listening on ");
        const int end = at < 0 ? -1 : m_output.indexOf('\n', at);
        if (end < 0)
            return;
        m_url = QUrl(QString::fromUtf8(m_output.mid(at + 13, end - at - 13)).trimmed());
        Q_EMIT started(m_url);
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        if (!m_url.isValid())
            Q_EMIT failed(tr("The local server stopped (exit code %1): %2").arg(code).arg(QString::fromUtf8(m_output.right(400)).trimmed()));
        m_url = QUrl();
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(tr("Could not start the local server: %1").arg(m_process->errorString()));
    });
    m_process->start(program, { QStringLiteral("--data"), dataDir, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                QStringLiteral("--demo") });
}

void LocalServer::stop()
{
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(2000);
        }
    }
    process->deleteLater();
    m_url = QUrl();
}

} // namespace Tessera::App
