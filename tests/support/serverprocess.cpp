#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

namespace Tessera::Test {

ServerProcess::ServerProcess() : m_dir(std::make_unique<QTemporaryDir>()) { }

ServerProcess::~ServerProcess()
{
    stop();
}

QString ServerProcess::binary()
{
    return qEnvironmentVariable("TESSERA_SERVER_BIN");
}

bool ServerProcess::start(const QStringList &extraArgs)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_output.clear();
    QStringList args { QStringLiteral("--data"), m_dir->path() };
    if (!extraArgs.contains(QStringLiteral("--listen")))
        args << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0");
    args << extraArgs;
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start(binary(), args);
    if (!m_process->waitForStarted(10000))
        return false;
    static const QRegularExpression line(QStringLiteral("listening on (\\S+)"));
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (!m_process->waitForReadyRead(int(std::max<qint64>(deadline.remainingTime(), 1)))) {
            if (m_process->state() != QProcess::Running)
                break;
            continue;
        }
        m_output += QString::fromUtf8(m_process->readAllStandardOutput());
        const auto match = line.match(m_output);
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return true;
        }
    }
    m_output += QString::fromUtf8(m_process->readAllStandardError());
    qWarning("server did not start: %s", qPrintable(m_output));
    return false;
}

void ServerProcess::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
}

void ServerProcess::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

ServerProcess::Result ServerProcess::runBinary(const QStringList &args, const QByteArray &stdinData)
{
    QProcess p;
    p.start(binary(), args);
    Result r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

ServerProcess::Result ServerProcess::run(const QStringList &args, const QByteArray &stdinData) const
{
    return runBinary(QStringList { QStringLiteral("--data"), m_dir->path() } + args, stdinData);
}

bool ServerProcess::addUser(const QString &login, const QString &password, bool admin)
{
    QStringList args { QStringLiteral("--add-user"), login, QStringLiteral("--password-stdin") };
    if (admin)
        args << QStringLiteral("--admin");
    return run(args, password.toUtf8() + '\n').exitCode == 0;
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpResult httpRequest(const QByteArray &verb, const QUrl &url, const QByteArray &body, const QByteArray &token,
                       int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token);
    QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}

} // namespace Tessera::Test
