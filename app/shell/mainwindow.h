#pragma once

#include "core/client/serverlist.h"

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

class QLabel;
class QPushButton;
class QFrame;
class QStackedWidget;

namespace Tessera::Core {
class BoardStore;
class SyncClient;
struct CertificateQuestion;
struct Notification;
struct User;
}

namespace Tessera::App {

class AppController;
class BoardActions;
class BoardSidebar;
class BoardWidget;
class CertificateDialog;
class ConnectDialog;
class ConnectDialog;
class ConnectFlow;
class ConnectionIndicator;
class InboxView;
class LocalServer;
class NotificationBell;
class SettingsController;
class TrayNotifier;

// The main window: board sidebar (with an unread dot per board), the open board's
// BoardWidget (wired to the engine by a BoardController), a notification bell opening the
// inbox, settings, the tray icon, and a status bar with the connection state. Everything
// comes from the AppController's SyncClient; it never touches the network itself, and it
// never runs a modal exec() from a network signal (dialogs use open()).
class SearchDialog;

class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(AppController *app, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Checks the server's health (status bar; with several nodes, until one answers) and
    // remembers them for signIn().
    void setServer(const Core::ServerList &servers);
    void signIn(const QString &login, const QString &password);
    void showConnectDialog(const QString &message = QString());
    void openBoard(const QString &boardId);
    void closeBoard(const QString &boardId); // when it is the open one: back to the welcome page
    void openNotification(const QString &boardId, const QString &itemId);
    void showInbox();
    void showSettings();
    void showStatusMessage(const QString &text);
    void showSearch(); // Ctrl+K: all boards
    void showShortcuts(); // ? or Ctrl+/
    SearchDialog *searchDialog() const; // while open

    QString connectionText() const;
    QStringList boardNames() const;
    QString currentBoardId() const { return m_boardId; }
    bool hasUnreadDot(const QString &boardId) const;
    BoardWidget *boardWidget() const { return m_board; }
    NotificationBell *bell() const { return m_bell; }
    InboxView *inboxView() const { return m_inbox; }
    QFrame *inboxPopup() const { return m_inboxPopup; }
    ConnectionIndicator *connectionIndicator() const { return m_indicator; }
    ConnectDialog *connectDialog() const;
    SettingsController *settingsController() const { return m_settings; }
    CertificateDialog *certificateDialog() const; // while one asks
    TrayNotifier *tray() const { return m_tray; }
    BoardSidebar *boardSidebar() const { return m_boards; }
    BoardActions *boardActions() const { return m_boardActions; }
    LocalServer *localServer();

Q_SIGNALS:
    void connectionChecked(bool reachable);
    void boardsShown(int count); // -1: signing in or loading failed
    void boardOpened(const QString &boardId);
    // The store of a board being opened, before any view or model connects to it (FrameStats
    // times whole batches from the first aboutToApplyBatch slot).
    void boardStoreOpened(Tessera::Core::BoardStore *store);
    void alerted(const QString &notificationId); // a desktop notification was shown

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void attach(Core::SyncClient *sync);
    void detach();
    void askAboutCertificate(Core::SyncClient *sync, const Core::CertificateQuestion &question);
    void dropBoardWidget(); // the board view goes; the engine keeps or closes the store
    void refreshBoards();
    void refreshUnread();
    void refreshConnection();
    void onSessionStarted(const Core::User &user);
    void onNotification(const Core::Notification &notification);
    QWidget *makeToolBar();
    static QString conflictMessage();
    void refreshWelcome();

    AppController *m_app;
    Core::ServerList m_servers;
    int m_healthNode = 0; // the node whose health is being checked
    BoardSidebar *m_boards;
    QStackedWidget *m_views;
    QLabel *m_status;
    QLabel *m_updateLabel; // "Update available": the server is newer than this app
    QLabel *m_userLabel;
    QLabel *m_greeting;
    QPushButton *m_welcomeConnect;
    ConnectionIndicator *m_indicator;
    NotificationBell *m_bell;
    QFrame *m_inboxPopup;
    InboxView *m_inbox = nullptr;
    BoardWidget *m_board = nullptr;
    QString m_boardId;
    QString m_pendingItem;
    SettingsController *m_settings;
    TrayNotifier *m_tray;
    ConnectFlow *m_connect;
    BoardActions *m_boardActions;
    QPointer<CertificateDialog> m_certificateDialog;
    QPointer<SearchDialog> m_search;
};

} // namespace Tessera::App
