#pragma once

#include "appearance.h"

#include <QDialog>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace Tessera::App {

class AdminPage;

// Settings: General (the addresses of the server in use, known servers), Notifications (which kinds alert), Appearance
// (system/light/dark, applied at once), Account (display name, password, sign out), and
// an Admin page that exists in the page list only after setServerAdmin(true). The dialog
// exposes values and emits intent; it never talks to the server itself.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    enum Page { General, Notifications, AppearancePage, Account, Admin };

    explicit SettingsDialog(QWidget *parent = nullptr);

    void setServerAdmin(bool admin);
    bool isAdminPageAvailable() const;
    void showPage(Page page);
    AdminPage *adminPage() const { return m_admin; }

    void setServers(const QStringList &urls);
    QStringList servers() const;
    // The nodes of the server in use, one line ("https://a:7420,https://b:7420"); empty and
    // disabled when not signed in. Save checks every entry (a bad one is named) before
    // asking for the change.
    void setServerAddresses(const QString &text);
    QLineEdit *serverAddressesEdit() const { return m_addresses; }
    void setServerAddressesMessage(const QString &message, bool error);
    QString serverAddressesMessage() const;
    void setAlertKinds(const QStringList &kinds); // of "mention", "assigned", "comment"
    QStringList alertKinds() const;
    void setAppearance(Appearance::Mode mode);
    Appearance::Mode appearance() const;
    void setDisplayName(const QString &name);
    QString displayName() const;

Q_SIGNALS:
    void serverRemoveRequested(const QString &url);
    void serverAddressesChangeRequested(const QString &text);
    void alertKindsChanged(const QStringList &kinds);
    void appearanceChanged(Tessera::App::Appearance::Mode mode);
    void displayNameChangeRequested(const QString &name);
    void passwordChangeRequested(const QString &currentPassword, const QString &newPassword);
    void signOutRequested();

private:
    QWidget *makeGeneral();
    QWidget *makeNotifications();
    QWidget *makeAppearance();
    QWidget *makeAccount();

    QListWidget *m_pages;
    QStackedWidget *m_stack;
    QListWidget *m_servers = nullptr;
    QLineEdit *m_addresses = nullptr;
    QPushButton *m_saveAddresses = nullptr;
    QLabel *m_addressesMessage = nullptr;
    QList<QCheckBox *> m_alertBoxes;
    QButtonGroup *m_appearance = nullptr;
    QLineEdit *m_displayName = nullptr;
    AdminPage *m_admin;
};

} // namespace Tessera::App
