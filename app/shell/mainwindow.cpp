#include "mainwindow.h"

#include "searchdialog.h"
#include "shortcutsdialog.h"

#include "appcontroller.h"
#include "boardactions.h"
#include "app/board/boardcontroller.h"
#include "boardsidebar.h"
#include "certificatedialog.h"
#include "app/board/boardwidget.h"
#include "connectflow.h"
#include "noticebar.h"
#include "app/board/connectionindicator.h"
#include "app/inbox/inboxview.h"
#include "app/item/itempanel.h"
#include "app/inbox/notificationbell.h"
#include "app/settings/settingscontroller.h"
#include "traynotifier.h"
#include "core/client/apiclient.h"
#include "core/models/inboxmodel.h"
#include "core/client/syncclient.h"

#include <QApplication>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QMenu>
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {


MainWindow::MainWindow(AppController *app, QWidget *parent)
    : QMainWindow(parent)
    , m_app(app)
    , m_boards(new BoardSidebar(this))
    , m_views(new QStackedWidget(this))
    , m_status(new QLabel(this))
    , m_updateLabel(new QLabel(this))
    , m_userLabel(new QLabel(this))
    , m_indicator(new ConnectionIndicator(this))
    , m_bell(new NotificationBell(this))
    , m_inboxPopup(new QFrame(this, Qt::Popup))
    , m_settings(new SettingsController(app, this))
    , m_tray(new TrayNotifier(this))
    , m_connect(new ConnectFlow(app, this))
{
    setWindowTitle(tr("Tessera"));
    // 1280x800, or most of a smaller screen.
    const QRect screenArea = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    resize(std::min(1280, screenArea.width() * 9 / 10), std::min(800, screenArea.height() * 9 / 10));

    auto *sidebar = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(sidebar);
    sideLayout->setContentsMargins(8, 8, 0, 8);
    auto *boardsTitle = new QLabel(tr("Boards"), sidebar);
    QFont bold = boardsTitle->font();
    bold.setBold(true);
    boardsTitle->setFont(bold);
    sideLayout->addWidget(boardsTitle);
    sideLayout->addWidget(m_boards, 1);
    sidebar->setMinimumWidth(150);
    m_boardActions = new BoardActions(app, this, m_boards); // create, rename, archive, delete, members, columns
    menuBar()->addMenu(m_boardActions->menu());
    // Help: search every board, and every shortcut in one list.
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *searchAction = help->addAction(tr("Search all boards…"), this, &MainWindow::showSearch);
    searchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    searchAction->setShortcutContext(Qt::WindowShortcut);
    addAction(searchAction);
    QAction *shortcutsAction = help->addAction(tr("Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    // "?" is typed with Shift on most layouts; either way it shows the list.
    shortcutsAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Slash), QKeySequence(QStringLiteral("?")),
                                    QKeySequence(Qt::SHIFT | Qt::Key_Question) });
    shortcutsAction->setShortcutContext(Qt::WindowShortcut);
    addAction(shortcutsAction);

    auto *welcome = new QWidget(this);
    auto *welcomeLayout = new QVBoxLayout(welcome);
    m_greeting = new QLabel(welcome);
    m_greeting->setObjectName(QStringLiteral("welcomeText"));
    m_greeting->setAlignment(Qt::AlignCenter);
    m_greeting->setWordWrap(true);
    m_welcomeConnect = new QPushButton(tr("Connect to a server…"), welcome);
    m_welcomeConnect->setObjectName(QStringLiteral("welcomeConnect"));
    connect(m_welcomeConnect, &QPushButton::clicked, this, [this] { showConnectDialog(); });
    welcomeLayout->addStretch();
    welcomeLayout->addWidget(m_greeting);
    welcomeLayout->addWidget(m_welcomeConnect, 0, Qt::AlignHCenter); // also after cancelling the dialog
    welcomeLayout->addStretch();
    m_views->addWidget(welcome);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(sidebar);
    splitter->addWidget(m_views);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 190, 1090 });

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(makeToolBar());
    auto *rule = new QFrame(central);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);
    centralLayout->addWidget(rule);
    centralLayout->addWidget(m_boardActions->notice()); // "Board 'X' deleted — Undo"
    centralLayout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_status->setObjectName(QStringLiteral("connectionStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setText(tr("Not connected"));
    statusBar()->addWidget(m_status, 1);
    m_indicator->setObjectName(QStringLiteral("connectionIndicator"));
    m_updateLabel->setObjectName(QStringLiteral("updateAvailable"));
    m_updateLabel->setTextFormat(Qt::PlainText);
    m_updateLabel->setText(tr("Update available"));
    m_updateLabel->setAccessibleName(tr("Update available"));
    m_updateLabel->setVisible(false); // until the server sends something this version cannot read
    statusBar()->addPermanentWidget(m_updateLabel);
    statusBar()->addPermanentWidget(m_indicator);
    refreshWelcome(); // before signing in: no connection state, no boards to choose

    m_inboxPopup->setObjectName(QStringLiteral("inboxPopup"));
    m_inboxPopup->setFrameShape(QFrame::StyledPanel);
    m_inboxPopup->resize(420, 480);
    new QVBoxLayout(m_inboxPopup);

    connect(m_boards, &BoardSidebar::boardChosen, this, &MainWindow::openBoard);
    connect(m_bell, &QToolButton::clicked, this, &MainWindow::showInbox);
    connect(m_tray, &TrayNotifier::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    m_tray->setAlertKinds(SettingsController::savedAlertKinds(app->settings()));
    connect(m_settings, &SettingsController::alertKindsChanged, m_tray, &TrayNotifier::setAlertKinds);
    connect(m_settings, &SettingsController::message, this, &MainWindow::showStatusMessage);
    connect(m_connect, &ConnectFlow::message, this, &MainWindow::showStatusMessage);

    connect(app, &AppController::syncClientAboutToChange, this, &MainWindow::detach);
    connect(app, &AppController::syncClientChanged, this, &MainWindow::attach);
    connect(app, &AppController::sessionStarted, this, &MainWindow::onSessionStarted);
    connect(app, &AppController::signInFailed, this, [this](const QString &message) {
        showStatusMessage(tr("Not signed in: %1").arg(message));
        Q_EMIT boardsShown(-1);
    });
    connect(app, &AppController::sessionEnded, this, [this](const QString &reason) {
        detach();
        m_userLabel->clear();
        showStatusMessage(reason.isEmpty() ? tr("Signed out") : tr("Signed out: %1").arg(reason));
        // Queued: never a dialog from inside the engine's signal.
        QTimer::singleShot(0, this, [this] { showConnectDialog(); });
    });
    connect(app->api(), &Core::ApiClient::healthChecked, this, [this](bool ok, const QString &detail, const QString &problem) {
        if (!ok && m_healthNode + 1 < m_servers.size()) { // another node of the server may answer
            m_app->api()->setServer(m_servers.at(++m_healthNode));
            m_app->api()->checkHealth();
            return;
        }
        const QString node = m_servers.at(m_healthNode).toDisplayString();
        if (!ok)
            showStatusMessage(tr("Offline: %1").arg(detail));
        else if (!problem.isEmpty())
            showStatusMessage(tr("Server %1 reachable, but it reports a problem: %2").arg(node, problem));
        else
            showStatusMessage(tr("Server %1 reachable").arg(node));
        Q_EMIT connectionChecked(ok);
    });
    if (app->sync())
        attach(app->sync());
}

MainWindow::~MainWindow()
{
    detach();
}

QWidget *MainWindow::makeToolBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("mainToolBar"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(12, 4, 8, 4);
    auto *title = new QLabel(tr("Tessera"), bar);
    QFont f = title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    title->setFont(f);
    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    m_userLabel->setTextFormat(Qt::PlainText);
    auto *gear = new QToolButton(bar);
    gear->setObjectName(QStringLiteral("settingsButton"));
    gear->setAutoRaise(true);
    gear->setText(tr("Settings"));
    gear->setToolTip(tr("Settings (Ctrl+,)"));
    gear->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));
    connect(gear, &QToolButton::clicked, this, &MainWindow::showSettings);
    layout->addWidget(title);
    layout->addStretch(1);
    layout->addWidget(m_userLabel);
    layout->addWidget(m_bell);
    layout->addWidget(gear);
    return bar;
}

void MainWindow::askAboutCertificate(Core::SyncClient *sync, const Core::CertificateQuestion &question)
{
    if (m_certificateDialog) {
        if (m_certificateDialog->question().fingerprint == question.fingerprint)
            return;
        m_certificateDialog->disconnect(this);
        m_certificateDialog->close();
    }
    // On top of the connect dialog while signing in, else on the window.
    QWidget *parent = m_connect->dialog() && m_connect->dialog()->isVisible() ? static_cast<QWidget *>(m_connect->dialog()) : this;
    m_certificateDialog = new CertificateDialog(question, parent);
    m_certificateDialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<Core::SyncClient> guarded(sync);
    connect(m_certificateDialog, &CertificateDialog::trusted, this, [guarded](const QString &fingerprint) {
        if (guarded)
            guarded->trustCertificate(fingerprint);
    });
    connect(m_certificateDialog, &CertificateDialog::refused, this, [this, guarded] {
        if (guarded)
            guarded->refuseCertificate();
        showStatusMessage(tr("Not connected: the server's certificate was not trusted"));
    });
    m_certificateDialog->open();
}

void MainWindow::attach(Core::SyncClient *sync)
{
    using Core::SyncClient;
    connect(sync, &SyncClient::boardsChanged, this, &MainWindow::refreshBoards);
    connect(sync, &SyncClient::boardAboutToClose, this, [this](const QString &boardId) {
        if (boardId == m_boardId)
            dropBoardWidget(); // its models point into the store that is going away
    });
    connect(sync, &SyncClient::stateChanged, this, &MainWindow::refreshConnection);
    connect(sync, &SyncClient::serverChanged, this, &MainWindow::refreshConnection);
    connect(sync, &SyncClient::notificationArrived, this, &MainWindow::onNotification);
    connect(sync, &SyncClient::commandFailed, this, [this](const QString &, Core::RejectCode, const QString &message) {
        showStatusMessage(tr("A change was not accepted: %1").arg(message));
    });
    connect(sync, &SyncClient::conflictDetected, this, [this] { showStatusMessage(conflictMessage()); });
    connect(sync, &SyncClient::certificateChanged, this, [this](const QString &why) { showStatusMessage(why); });
    connect(sync, &SyncClient::updateAvailable, this, [this](const QString &notice) {
        m_updateLabel->setToolTip(notice);
        m_updateLabel->setAccessibleDescription(notice);
        m_updateLabel->setVisible(true);
        m_boardActions->notice()->showNotice(notice);
    });
    connect(sync, &SyncClient::certificateDecisionNeeded, this, [this, sync](const Core::CertificateQuestion &question) {
        // Queued: never a dialog from inside the engine's signal.
        QTimer::singleShot(0, this, [this, question, guarded = QPointer<SyncClient>(sync)] {
            if (guarded)
                askAboutCertificate(guarded, question);
        });
    });
    Core::InboxModel *inbox = sync->inbox();
    m_inbox = new InboxView(inbox, m_inboxPopup);
    m_inbox->setObjectName(QStringLiteral("inboxView"));
    m_inboxPopup->layout()->addWidget(m_inbox);
    connect(m_inbox, &InboxView::openRequested, this, [this](const QString &boardId, const QString &itemId) {
        m_inboxPopup->hide();
        openNotification(boardId, itemId);
    });
    connect(m_inbox, &InboxView::markReadRequested, sync, &SyncClient::markRead);
    connect(m_inbox, &InboxView::markAllReadRequested, sync, &SyncClient::markAllRead);
    connect(inbox, &Core::InboxModel::unreadCountChanged, this, &MainWindow::refreshUnread);
    connect(inbox, &QAbstractItemModel::modelReset, this, &MainWindow::refreshUnread);
    connect(inbox, &QAbstractItemModel::rowsInserted, this, &MainWindow::refreshUnread);
    sync->setVisible(isVisible() && !isMinimized());
    refreshConnection();
    refreshWelcome();
}

void MainWindow::dropBoardWidget()
{
    if (m_board) {
        m_views->removeWidget(m_board);
        delete m_board;
        m_board = nullptr;
    }
    m_boardId.clear();
    refreshWelcome();
}

void MainWindow::detach()
{
    Core::SyncClient *sync = m_app->sync();
    const QString boardId = m_boardId;
    dropBoardWidget(); // before the store it shows goes
    if (sync && !boardId.isEmpty())
        sync->closeBoard(boardId);
    if (m_inbox) {
        delete m_inbox; // its model belongs to the engine
        m_inbox = nullptr;
    }
    m_boards->clear();
    m_bell->setUnreadCount(0);
    m_tray->setUnreadCount(0);
    refreshWelcome();
}

void MainWindow::refreshWelcome()
{
    const bool signedIn = m_app->isSignedIn() && !m_app->sync()->user().id.isEmpty();
    if (!signedIn) {
        m_greeting->setText(tr("<h2>Welcome to Tessera</h2><p>Connect to your team's server to see your boards.</p>"));
    } else if (m_boards->count() == 0) {
        m_greeting->setText(tr("<h2>No boards yet</h2><p>Boards you are a member of appear on the left.</p>"));
    } else {
        m_greeting->setText(tr("<h2>Welcome to Tessera</h2><p>Choose a board on the left.</p>"));
    }
    m_welcomeConnect->setVisible(!signedIn);
    // No connection state to show before there is a connection.
    m_indicator->setVisible(signedIn && !m_board);
}

void MainWindow::setServer(const Core::ServerList &servers)
{
    m_servers = servers;
    m_healthNode = 0;
    m_connect->setServer(servers);
    m_app->api()->setServer(servers.identity());
    showStatusMessage(tr("Connecting to %1…").arg(servers.identity().toDisplayString()));
    m_app->api()->checkHealth();
}

void MainWindow::signIn(const QString &login, const QString &password)
{
    showStatusMessage(tr("Signing in as %1…").arg(login));
    m_app->connectTo(m_servers, login, password);
}

void MainWindow::onSessionStarted(const Core::User &user)
{
    m_userLabel->setText(user.displayName);
    refreshWelcome();
    showStatusMessage(tr("Signed in as %1 on %2").arg(user.displayName, m_app->sync()->currentServer().toDisplayString()));
    if (!m_app->sync()->boards().isEmpty()) // from the cache; else boardsChanged follows
        refreshBoards();
}

void MainWindow::refreshBoards()
{
    Core::SyncClient *sync = m_app->sync();
    if (!sync)
        return;
    m_boards->setBoards(sync->boards(), m_boardId);
    refreshWelcome();
    refreshUnread();
    // An empty list right at sign-in is only the (empty) cache: the server's list follows.
    const auto state = sync->state();
    if (m_boards->count() > 0 || state == Core::ConnectionState::Live || state == Core::ConnectionState::Polling)
        Q_EMIT boardsShown(m_boards->count());
    if (m_boardId.isEmpty() && m_boards->count() > 0)
        openBoard(m_boards->boardIdAt(0)); // the first board
}

void MainWindow::refreshUnread()
{
    Core::SyncClient *sync = m_app->sync();
    if (!sync)
        return;
    Core::InboxModel *inbox = sync->inbox();
    QSet<QString> unreadBoards;
    for (int row = 0; row < inbox->rowCount(); ++row) {
        const QModelIndex index = inbox->index(row, 0);
        if (index.data(Core::InboxModel::UnreadRole).toBool())
            unreadBoards.insert(index.data(Core::InboxModel::BoardIdRole).toString());
    }
    m_boards->setUnreadBoards(unreadBoards);
    m_bell->setUnreadCount(inbox->unreadCount());
    m_tray->setUnreadCount(inbox->unreadCount());
}

bool MainWindow::hasUnreadDot(const QString &boardId) const
{
    return m_boards->hasUnreadDot(boardId);
}

void MainWindow::refreshConnection()
{
    Core::SyncClient *sync = m_app->sync();
    if (!sync)
        return;
    m_indicator->setServer(Core::ServerList::hostPort(sync->currentServer()));
    m_indicator->setState(sync->state(), sync->stateReason(), sync->offlineSince(), sync->pollingIntervalSeconds());
    refreshWelcome();
}

void MainWindow::openBoard(const QString &boardId)
{
    Core::SyncClient *sync = m_app->sync();
    if (!sync || boardId.isEmpty() || boardId == m_boardId)
        return;
    const QString previous = m_boardId;
    if (m_board) {
        m_views->removeWidget(m_board);
        delete m_board;
        m_board = nullptr;
    }
    if (!previous.isEmpty())
        sync->closeBoard(previous);
    m_boardId = boardId;
    Core::BoardStore *opened = sync->openBoard(boardId);
    Q_EMIT boardStoreOpened(opened);
    m_board = new BoardWidget(opened, m_views);
    m_board->setObjectName(QStringLiteral("boardWidget"));
    connect(m_board, &BoardWidget::messageShown, this, &MainWindow::showStatusMessage);
    connect(m_board->store(), &Core::BoardStore::mutationsChanged, m_board, [this] {
        // The conflict message goes once no conflict is left to choose on.
        if (m_status->text() != conflictMessage() || !m_board)
            return;
        for (const Core::LocalMutation &m : m_board->store()->mutations()) {
            if (m.state == Core::ItemState::Conflict)
                return;
        }
        showStatusMessage(tr("Conflict resolved."));
    });
    new BoardController(sync, m_app->api(), boardId, m_board);
    // The inbox names (and draws) who acted: the members of the boards opened are people it knows.
    const auto learnNames = [inbox = sync->inbox(), store = m_board->store()] {
        QHash<QString, QString> names;
        for (const Core::Member &m : store->confirmed().members)
            names.insert(m.userId, m.displayName.isEmpty() ? m.login : m.displayName);
        inbox->addPeople(names);
    };
    connect(m_board->store(), &Core::BoardStore::reset, m_board, learnNames);
    connect(m_board->store(), &Core::BoardStore::batchApplied, m_board, [learnNames](const Core::BatchChanges &changes) {
        if (changes.membersChanged)
            learnNames();
    });
    learnNames();
    m_views->addWidget(m_board);
    m_views->setCurrentWidget(m_board);
    m_indicator->hide(); // the board's toolbar shows it
    m_boards->setCurrentBoard(boardId);
    Q_EMIT boardOpened(boardId);
}

void MainWindow::closeBoard(const QString &boardId)
{
    if (boardId.isEmpty() || boardId != m_boardId)
        return;
    dropBoardWidget();
    if (Core::SyncClient *sync = m_app->sync())
        sync->closeBoard(boardId);
    m_boards->setCurrentBoard(QString());
}

CertificateDialog *MainWindow::certificateDialog() const
{
    return m_certificateDialog;
}

SearchDialog *MainWindow::searchDialog() const
{
    return m_search;
}

void MainWindow::showSearch()
{
    if (!m_app->sync()) {
        showStatusMessage(tr("Sign in to search your boards."));
        return;
    }
    if (!m_search) {
        m_search = new SearchDialog(m_app->api(), this);
        m_search->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_search, &SearchDialog::openRequested, this, &MainWindow::openNotification);
    }
    m_search->show();
    m_search->raise();
    m_search->activateWindow();
    m_search->queryEdit()->setFocus(Qt::ShortcutFocusReason);
    m_search->queryEdit()->selectAll();
}

void MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::openNotification(const QString &boardId, const QString &itemId)
{
    openBoard(boardId);
    if (!m_board || itemId.isEmpty())
        return;
    if (m_board->store()->item(itemId)) {
        m_board->showItem(itemId); // selected in the view shown, and opened
        return;
    }
    // Not loaded yet: open it once the board's snapshot or catch-up brings it.
    m_pendingItem = itemId;
    const auto tryOpen = [this] {
        if (m_board && !m_pendingItem.isEmpty() && m_board->store()->item(m_pendingItem)) {
            m_board->showItem(std::exchange(m_pendingItem, QString()));
        }
    };
    connect(m_board->store(), &Core::BoardStore::reset, m_board, tryOpen);
    connect(m_board->store(), &Core::BoardStore::batchApplied, m_board, tryOpen);
}

void MainWindow::showInbox()
{
    if (!m_inbox)
        return;
    const QPoint below = m_bell->mapToGlobal(QPoint(m_bell->width(), m_bell->height()));
    m_inboxPopup->move(below - QPoint(m_inboxPopup->width(), -4));
    m_inboxPopup->show();
}

void MainWindow::showSettings()
{
    m_settings->open();
}

void MainWindow::showStatusMessage(const QString &text)
{
    m_status->setText(text);
}

QString MainWindow::conflictMessage()
{
    return tr("Someone else changed a field you edited: choose Keep mine or Take theirs on the item.");
}

QString MainWindow::connectionText() const
{
    return m_status->text();
}

QStringList MainWindow::boardNames() const
{
    return m_boards->boardNames();
}

void MainWindow::onNotification(const Core::Notification &notification)
{
    if (m_tray->notify(notification, isActiveWindow()))
        Q_EMIT alerted(notification.id);
}

LocalServer *MainWindow::localServer()
{
    return m_connect->localServer();
}

ConnectDialog *MainWindow::connectDialog() const
{
    return m_connect->dialog();
}

void MainWindow::showConnectDialog(const QString &message)
{
    m_connect->show(message);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (Core::SyncClient *sync = m_app->sync())
        sync->setVisible(true);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    if (Core::SyncClient *sync = m_app->sync())
        sync->setVisible(false);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::WindowStateChange)
        if (Core::SyncClient *sync = m_app->sync())
            sync->setVisible(!isMinimized() && isVisible());
}

} // namespace Tessera::App
