#pragma once

#include "core/protocol/domain.h"
#include "core/protocol/event.h"

#include <QObject>

namespace Tessera::Core {
class ApiClient;
class SyncClient;
}

namespace Tessera::App {

class BoardWidget;

// Connects one open board's widget to the sync engine: the widget's intents become
// SyncClient calls (opRequested -> submit, retry/discard/keepMine/takeTheirs, item opened
// and field editing -> presence), and the engine's connection state drives the widget's
// connection indicator; the inbox's unread notifications on this board mark their items
// (BoardWidget::setUnreadItems). Owned by (and dies with) the widget.
class BoardController final : public QObject
{
    Q_OBJECT

public:
    // `api` (may be null) carries the session for reading an opened item's history from the log.
    BoardController(Core::SyncClient *sync, Core::ApiClient *api, const QString &boardId, BoardWidget *widget);

    QString boardId() const { return m_boardId; }
    void refreshConnection();
    // The items of this board with unread notifications, shown as dots (from the inbox).
    void refreshUnread();

private:
    void announce(const QString &itemId, Core::PresenceState state, const QString &field = QString());
    void fetchHistory(const QString &itemId, qint64 sinceSeq, Core::EventList found, int pages);

    Core::SyncClient *m_sync;
    Core::ApiClient *m_api;
    QString m_boardId;
    BoardWidget *m_widget;
    QString m_itemId; // what presence says I am doing, re-sent when the link comes back
    Core::PresenceState m_presenceState = Core::PresenceState::Viewing;
    QString m_field;
};

} // namespace Tessera::App
