#include "mainwindow.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace Tessera::App {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_boards(new QListWidget(this))
    , m_views(new QStackedWidget(this))
    , m_connection(new QLabel(this))
    , m_network(new QNetworkAccessManager(this))
{
    setWindowTitle(tr("Tessera"));
    resize(1200, 760);
    auto *splitter = new QSplitter(this);
    m_boards->setObjectName(QStringLiteral("boardList"));
    m_boards->setMinimumWidth(180);
    splitter->addWidget(m_boards);
    auto *welcome = new QLabel(tr("<h2>Welcome to Tessera</h2><p>Choose a board on the left.</p>"), this);
    welcome->setAlignment(Qt::AlignCenter);
    m_views->addWidget(welcome);
    splitter->addWidget(m_views);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    m_connection->setObjectName(QStringLiteral("connectionIndicator"));
    m_connection->setText(tr("Offline"));
    statusBar()->addPermanentWidget(m_connection);
}

void MainWindow::setServer(const QUrl &url)
{
    m_server = url;
    m_connection->setText(tr("Connecting to %1…").arg(url.toDisplayString()));
    checkServer();
}

QString MainWindow::connectionText() const
{
    return m_connection->text();
}

void MainWindow::checkServer()
{
    QNetworkRequest request(m_server.resolved(QUrl(QStringLiteral("/api/v1/health"))));
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QJsonObject health = QJsonDocument::fromJson(reply->readAll()).object();
        const bool ok = reply->error() == QNetworkReply::NoError
                && health.value(QStringLiteral("status")).toString() == QLatin1String("ok");
        m_connection->setText(ok ? tr("Server %1 reachable").arg(m_server.toDisplayString())
                                 : tr("Offline: %1").arg(reply->errorString()));
        Q_EMIT connectionChecked(ok);
    });
}

} // namespace Tessera::App
