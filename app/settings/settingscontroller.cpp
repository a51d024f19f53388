#include "settingscontroller.h"

#include "adminpage.h"
#include "app/shell/appcontroller.h"
#include "settingsdialog.h"
#include "core/client/adminclient.h"
#include "core/client/apiclient.h"

#include <QJsonObject>
#include <QSettings>

namespace Tessera::App {

namespace {
const auto kAppearanceKey = QStringLiteral("appearance/mode");
const auto kAlertKindsKey = QStringLiteral("notifications/alertKinds");
}

SettingsController::SettingsController(AppController *app, QWidget *window) : QObject(window), m_app(app), m_window(window) { }

Appearance::Mode SettingsController::savedAppearance(const QSettings *settings)
{
    return settings ? Appearance::modeFromName(settings->value(kAppearanceKey, QStringLiteral("system")).toString())
                    : Appearance::Mode::System;
}

QStringList SettingsController::savedAlertKinds(const QSettings *settings)
{
    const QStringList fallback { QStringLiteral("mention"), QStringLiteral("assigned") };
    return settings ? settings->value(kAlertKindsKey, fallback).toStringList() : fallback;
}

SettingsDialog *SettingsController::open()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return m_dialog;
    }
    auto *dialog = new SettingsDialog(m_window);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QSettings *settings = m_app->settings();
    dialog->setServers(m_app->knownServers());
    dialog->setServerAddresses(m_app->isSignedIn() ? m_app->servers().toText() : QString());
    dialog->setAlertKinds(savedAlertKinds(settings));
    dialog->setAppearance(savedAppearance(settings));
    dialog->setDisplayName(m_app->user().displayName);
    dialog->setServerAdmin(m_app->isSignedIn() && m_app->user().admin);

    connect(dialog, &SettingsDialog::appearanceChanged, this, [settings](Appearance::Mode mode) {
        Appearance::apply(mode);
        if (settings)
            settings->setValue(kAppearanceKey, Appearance::modeName(mode));
    });
    connect(dialog, &SettingsDialog::alertKindsChanged, this, [this, settings](const QStringList &kinds) {
        if (settings)
            settings->setValue(kAlertKindsKey, kinds);
        Q_EMIT alertKindsChanged(kinds);
    });
    connect(dialog, &SettingsDialog::serverRemoveRequested, this, [this, dialog](const QString &url) {
        m_app->forgetServer(url);
        dialog->setServers(m_app->knownServers());
    });
    connect(dialog, &SettingsDialog::serverAddressesChangeRequested, this, [this, dialog](const QString &text) {
        // Entries typed without a scheme speak the server's.
        QString error;
        const Core::ServerList servers = Core::ServerList::parse(text, m_app->server().scheme(), &error);
        if (error.isEmpty())
            error = m_app->setServers(servers);
        if (!error.isEmpty()) {
            dialog->setServerAddressesMessage(error, true);
            return;
        }
        dialog->setServerAddresses(servers.toText());
        dialog->setServerAddressesMessage(tr("Saved: %n address(es).", nullptr, servers.size()), false);
        dialog->setServers(m_app->knownServers());
    });
    connect(dialog, &SettingsDialog::displayNameChangeRequested, this, [this](const QString &name) {
        m_app->api()->updateDisplayName(name, this, [this](const Core::ApiReply &reply) {
            Q_EMIT message(reply.ok() ? tr("Display name changed to %1").arg(m_app->user().displayName)
                                      : tr("Could not change the display name: %1").arg(reply.error));
        });
    });
    connect(dialog, &SettingsDialog::passwordChangeRequested, this, [this](const QString &current, const QString &next) {
        m_app->api()->changePassword(current, next, this, [this](const Core::ApiReply &reply) {
            Q_EMIT message(reply.ok() ? tr("Password changed") : tr("Could not change the password: %1").arg(reply.error));
        });
    });
    connect(dialog, &SettingsDialog::signOutRequested, this, [this, dialog] {
        dialog->close();
        m_app->signOut();
    });
    if (dialog->isAdminPageAvailable())
        wireAdmin(dialog);
    dialog->open();
    return dialog;
}

void SettingsController::wireAdmin(SettingsDialog *dialog)
{
    Core::AdminClient *admin = m_app->admin();
    AdminPage *page = dialog->adminPage();
    connect(admin, &Core::AdminClient::usersFetched, page, &AdminPage::setUsers);
    connect(admin, &Core::AdminClient::settingsFetched, page, [page](const QJsonObject &s) {
        page->setRegistrationOpen(s.value(QStringLiteral("registration_open")).toBool());
        page->setRealtimeSettings({ s.value(QStringLiteral("batch_window_ms")).toInt(5), s.value(QStringLiteral("polling_interval_s")).toInt(10),
                                    s.value(QStringLiteral("presence_ttl_s")).toInt(45), s.value(QStringLiteral("log_retention_days")).toInt(30) });
    });
    connect(admin, &Core::AdminClient::connectionsFetched, page, &AdminPage::setActivity);
    connect(admin, &Core::AdminClient::jobsFetched, page, &AdminPage::setJobs);
    connect(admin, &Core::AdminClient::failed, dialog, [this](const QString &why) { Q_EMIT message(tr("Admin: %1").arg(why)); });
    connect(page, &AdminPage::createUserRequested, admin, &Core::AdminClient::createUser);
    connect(page, &AdminPage::userDisabledRequested, admin, &Core::AdminClient::setUserDisabled);
    connect(page, &AdminPage::userAdminRequested, admin, &Core::AdminClient::setUserAdmin);
    connect(page, &AdminPage::resetPasswordRequested, admin, &Core::AdminClient::resetPassword);
    connect(page, &AdminPage::registrationChangeRequested, admin,
            [admin](bool open) { admin->updateSettings({ { QStringLiteral("registration_open"), open } }); });
    connect(page, &AdminPage::realtimeSettingsChangeRequested, admin, [admin](const AdminPage::RealtimeSettings &s) {
        admin->updateSettings({ { QStringLiteral("batch_window_ms"), s.batchWindowMs },
                                { QStringLiteral("polling_interval_s"), s.pollingIntervalSeconds },
                                { QStringLiteral("presence_ttl_s"), s.presenceTtlSeconds },
                                { QStringLiteral("log_retention_days"), s.logRetentionDays } });
    });
    connect(page, &AdminPage::activityRefreshRequested, admin, &Core::AdminClient::fetchConnections);
    connect(page, &AdminPage::activityRefreshRequested, admin, &Core::AdminClient::fetchJobs);
    admin->fetchUsers();
    admin->fetchSettings();
    admin->fetchConnections();
    admin->fetchJobs();
}

} // namespace Tessera::App
