#include "serverprocess.h"

#include "pgcluster.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>

namespace Tessera::Test {

ServerProcess::ServerProcess() : m_dir(std::make_unique<QTemporaryDir>()) { }

ServerProcess::~ServerProcess()
{
    stop();
    if (!m_ownDatabase.isEmpty())
        PgCluster::shared().dropDatabase(m_ownDatabase); // fails (harmlessly) while another node uses it
}

bool ServerProcess::usesPostgres()
{
    return qEnvironmentVariable("TESSERA_TEST_DATABASE") == QLatin1String("postgresql");
}

QString ServerProcess::databaseUrl() const
{
    if (m_databaseUrl.isEmpty() && usesPostgres()) {
        PgCluster &cluster = PgCluster::shared();
        m_databaseUrl = cluster.createDatabase(&m_ownDatabase);
        if (m_databaseUrl.isEmpty())
            qWarning("TESSERA_TEST_DATABASE=postgresql, but no database: %s", qPrintable(cluster.error()));
    }
    return m_databaseUrl;
}

void ServerProcess::setDatabaseUrl(const QString &url)
{
    m_databaseUrl = url;
}

bool ServerProcess::storageArgs(const QStringList &given, QStringList &args) const
{
    args << QStringLiteral("--data") << m_dir->path();
    const bool hasDatabase = std::any_of(given.cbegin(), given.cend(), [](const QString &arg) {
        return arg == QLatin1String("--database") || arg.startsWith(QLatin1String("--database="));
    });
    if (hasDatabase || (m_databaseUrl.isEmpty() && !usesPostgres()))
        return true; // a database given by setDatabaseUrl() is used whatever the environment says
    const QString url = databaseUrl();
    args << QStringLiteral("--database") << url;
    return !url.isEmpty();
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
    QStringList args;
    if (!storageArgs(extraArgs, args))
        return false;
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
    const bool admin = args.value(0) == QLatin1String("admin");
    QStringList all = admin ? QStringList { args.first() } : QStringList();
    if (!storageArgs(args, all))
        return { -1, {}, QStringLiteral("TESSERA_TEST_DATABASE=postgresql, but no database (see the warning)") };
    return runBinary(all + args.mid(admin ? 1 : 0), stdinData);
}

bool ServerProcess::addUser(const QString &login, const QString &password, bool admin)
{
    QStringList args { QStringLiteral("--add-user"), login, QStringLiteral("--password-stdin") };
    if (admin)
        args << QStringLiteral("--admin");
    return run(args, password.toUtf8() + '\n').exitCode == 0;
}

bool ServerProcess::execSql(const QStringList &statements) const
{
    const QString url = databaseUrl();
    if (!url.isEmpty()) {
        PgCluster &cluster = PgCluster::shared();
        const QString database = QUrl(url).path().mid(1);
        cluster.psql(database, QStringLiteral("BEGIN;\n") + statements.join(QStringLiteral(";\n")) + QStringLiteral(";\nCOMMIT;"));
        if (!cluster.error().isEmpty())
            qWarning("execSql: %s", qPrintable(cluster.error()));
        return cluster.error().isEmpty();
    }
    const QString name = QStringLiteral("execSql-%1").arg(quintptr(this));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir->path() + QStringLiteral("/tessera.db"));
        ok = db.open() && db.transaction();
        for (const QString &statement : statements) {
            QSqlQuery q(db);
            if (ok && !q.exec(statement)) {
                qWarning("execSql: %s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
                ok = false;
            }
        }
        ok = ok && db.commit();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

double serverMetric(const ServerProcess &server, const QByteArray &name)
{
    const QByteArray body = httpRequest("GET", server.url().resolved(QUrl(QStringLiteral("/metrics")))).body;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
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
