#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace Tessera::Core {
class ApiClient;
}

namespace Tessera::App {

// The main window: board sidebar, the board views, and the connection status.
// Everything it knows comes through the core ApiClient; it never touches the network.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Checks the server's health and shows the result in the status bar.
    void setServer(const QUrl &url);
    // Signs in and lists the user's boards in the sidebar.
    void signIn(const QString &login, const QString &password);
    QString connectionText() const;
    QStringList boardNames() const;

Q_SIGNALS:
    void connectionChecked(bool reachable);
    void boardsShown(int count);

private:
    void showStatus(const QString &text);

    Core::ApiClient *m_api;
    QListWidget *m_boards;
    QStackedWidget *m_views;
    QLabel *m_connection;
};

} // namespace Tessera::App
