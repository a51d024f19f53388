#pragma once

#include "appearance.h"
#include "settingsdialog.h"

#include <QObject>
#include <QPointer>

class QSettings;
class QWidget;

namespace Tessera::App {

class AppController;
class SettingsDialog;

// Opens the settings dialog (non-modal, open()) filled from the session and QSettings, and
// carries out what it asks: appearance applied and remembered, alert kinds remembered,
// display name and password through the ApiClient, sign out, forgetting servers, and the
// admin page (only for server admins) through the AdminClient. Results and errors come
// back as message() for the status bar; nothing here blocks on the network.
class SettingsController final : public QObject
{
    Q_OBJECT

public:
    SettingsController(AppController *app, QWidget *window);

    SettingsDialog *open();
    SettingsDialog *dialog() const { return m_dialog; }

    static Appearance::Mode savedAppearance(const QSettings *settings);
    static QStringList savedAlertKinds(const QSettings *settings);

Q_SIGNALS:
    void message(const QString &text);
    void alertKindsChanged(const QStringList &kinds);

private:
    void wireAdmin(SettingsDialog *dialog);

    AppController *m_app;
    QWidget *m_window;
    QPointer<SettingsDialog> m_dialog;
};

} // namespace Tessera::App
