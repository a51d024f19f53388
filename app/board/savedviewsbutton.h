#pragma once

#include "core/protocol/command.h"

#include <QJsonObject>
#include <QHash>
#include <QToolButton>

#include <functional>

namespace Tessera::Core {
class BoardStore;
struct BatchChanges;
}

namespace Tessera::App {

// The board's saved views as a toolbar menu: every member's views of the board (live),
// "All items" (the default view), and for owners and editors: save the current view under
// a name, update the current one to what is shown now, rename, delete. Choosing a view
// emits viewChosen with its settings; saving asks `currentConfig` for them.
class SavedViewsButton final : public QToolButton
{
    Q_OBJECT

public:
    SavedViewsButton(Core::BoardStore *store, std::function<QJsonObject()> currentConfig, QWidget *parent = nullptr);

    void setCurrentUser(const QString &userId);
    QString currentViewId() const { return m_current; }
    // Marks `viewId` as shown ("" = All items) without applying anything.
    void setCurrentView(const QString &viewId);
    // Saves the current settings as a new view named `name` (what the menu's "Save as" does).
    void saveAs(const QString &name);
    bool mayEdit() const;

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void viewChosen(const QString &viewId, const QJsonObject &config);

private:
    void rebuildMenu();
    void refreshText();
    void onBatchApplied(const Core::BatchChanges &changes);

    Core::BoardStore *m_store;
    std::function<QJsonObject()> m_currentConfig;
    QString m_me;
    QString m_current;
    QHash<QString, QString> m_creating; // views I saved that the server has not confirmed yet: id -> name
};

} // namespace Tessera::App
