#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QListWidget;
class QNetworkAccessManager;
class QStackedWidget;

namespace Tessera::App {

// The main window: board sidebar, the board views, and the connection status.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Checks the server's health endpoint and shows the result in the status bar.
    void setServer(const QUrl &url);
    QString connectionText() const;

Q_SIGNALS:
    void connectionChecked(bool reachable);

private:
    void checkServer();

    QListWidget *m_boards;
    QStackedWidget *m_views;
    QLabel *m_connection;
    QNetworkAccessManager *m_network;
    QUrl m_server;
};

} // namespace Tessera::App
