#include "mainwindow.h"

#include "core/apiclient.h"

#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace Tessera::App {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_api(new Core::ApiClient(this))
    , m_boards(new QListWidget(this))
    , m_views(new QStackedWidget(this))
    , m_connection(new QLabel(this))
{
    setWindowTitle(tr("Tessera"));
    resize(1200, 760);
    auto *splitter = new QSplitter(this);
    m_boards->setObjectName(QStringLiteral("boardList"));
    m_boards->setMinimumWidth(200);
    splitter->addWidget(m_boards);
    auto *welcome = new QLabel(tr("<h2>Welcome to Tessera</h2><p>Choose a board on the left.</p>"), this);
    welcome->setAlignment(Qt::AlignCenter);
    m_views->addWidget(welcome);
    splitter->addWidget(m_views);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    m_connection->setObjectName(QStringLiteral("connectionIndicator"));
    m_connection->setTextFormat(Qt::PlainText);
    m_connection->setText(tr("Offline"));
    statusBar()->addPermanentWidget(m_connection);

    connect(m_api, &Core::ApiClient::healthChecked, this, [this](bool ok, const QString &detail) {
        showStatus(ok ? tr("Server %1 reachable").arg(m_api->server().toDisplayString()) : tr("Offline: %1").arg(detail));
        Q_EMIT connectionChecked(ok);
    });
    connect(m_api, &Core::ApiClient::signedIn, this, [this](const Core::User &user) {
        showStatus(tr("Signed in as %1 on %2").arg(user.displayName, m_api->server().toDisplayString()));
        m_api->fetchBoards();
    });
    connect(m_api, &Core::ApiClient::signInFailed, this, [this](const QString &message) {
        showStatus(tr("Not signed in: %1").arg(message));
        Q_EMIT boardsShown(-1);
    });
    connect(m_api, &Core::ApiClient::requestFailed, this, [this](const QString &message) {
        showStatus(tr("Could not load boards: %1").arg(message));
        Q_EMIT boardsShown(-1);
    });
    connect(m_api, &Core::ApiClient::boardsFetched, this, [this](const QList<Core::BoardSummary> &boards) {
        m_boards->clear();
        for (const Core::BoardSummary &b : boards) {
            auto *item = new QListWidgetItem(b.board.name, m_boards);
            item->setData(Qt::UserRole, b.board.id);
            item->setToolTip(tr("%1 · you are %2").arg(b.board.description, Core::roleName(b.role)));
        }
        Q_EMIT boardsShown(int(boards.size()));
    });
}

void MainWindow::setServer(const QUrl &url)
{
    m_api->setServer(url);
    showStatus(tr("Connecting to %1…").arg(url.toDisplayString()));
    m_api->checkHealth();
}

void MainWindow::signIn(const QString &login, const QString &password)
{
    showStatus(tr("Signing in as %1…").arg(login));
    m_api->signIn(login, password);
}

QString MainWindow::connectionText() const
{
    return m_connection->text();
}

QStringList MainWindow::boardNames() const
{
    QStringList names;
    for (int i = 0; i < m_boards->count(); ++i)
        names << m_boards->item(i)->text();
    return names;
}

void MainWindow::showStatus(const QString &text)
{
    m_connection->setText(text);
}

} // namespace Tessera::App
