#pragma once

#include <QDialog>
#include <QUrl>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Tessera::App {

// First run and after signing out: a server URL (known servers offered; several nodes of
// one server as "https://a:7420,https://b:7420", each entry checked), login and
// password, or "Run a server on this computer". Emits intent only and stays open (busy)
// until the owner calls setBusy(false) / setError() or closes it; shown with open().
class ConnectDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    void setKnownServers(const QStringList &urls);
    void setServer(const QString &url);
    void setLogin(const QString &login);
    QString serverText() const;
    QString login() const;
    void setLocalServerAvailable(bool available);
    void setBusy(bool busy, const QString &message = QString());
    void setError(const QString &message);
    QString message() const;

    QComboBox *serverBox() const { return m_server; }
    QLineEdit *loginEdit() const { return m_login; }
    QLineEdit *passwordEdit() const { return m_password; }
    QPushButton *connectButton() const { return m_connect; }
    QPushButton *localButton() const { return m_local; }

Q_SIGNALS:
    // `server` as typed: with or without a scheme (the ConnectFlow works out which), one
    // address or a comma-separated list of a server's nodes.
    void connectRequested(const QString &server, const QString &login, const QString &password);
    void localServerRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void submit();
    void placeOverParent();
    void updateButtons();

    QComboBox *m_server;
    QLineEdit *m_login;
    QLineEdit *m_password;
    QLabel *m_message;
    QPushButton *m_connect;
    QPushButton *m_local;
    bool m_busy = false;
    bool m_localAvailable = true;
};

} // namespace Tessera::App
