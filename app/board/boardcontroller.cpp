#include "boardcontroller.h"

#include "boardwidget.h"
#include "connectionindicator.h"
#include "core/client/apiclient.h"
#include "core/models/inboxmodel.h"
#include "core/client/syncclient.h"

#include <QJsonArray>

namespace Tessera::App {

BoardController::BoardController(Core::SyncClient *sync, Core::ApiClient *api, const QString &boardId, BoardWidget *widget)
    : QObject(widget), m_sync(sync), m_api(api), m_boardId(boardId), m_widget(widget)
{
    using Core::SyncClient;
    connect(widget, &BoardWidget::opRequested, this, [this](const Core::Op &op) { m_sync->submit(m_boardId, op); });
    connect(widget, &BoardWidget::retryRequested, this, [this](const QString &id) { m_sync->retry(id); });
    connect(widget, &BoardWidget::discardRequested, this, [this](const QString &id) { m_sync->discard(id); });
    connect(widget, &BoardWidget::keepMineRequested, this, [this](const QString &id) { m_sync->keepMine(id); });
    connect(widget, &BoardWidget::takeTheirsRequested, this, [this](const QString &id) { m_sync->takeTheirs(id); });
    connect(widget, &BoardWidget::itemOpened, this, [this](const QString &itemId) {
        announce(itemId, QStringLiteral("viewing"));
        fetchHistory(itemId, 0, {}, 0);
    });
    connect(widget, &BoardWidget::itemClosed, this, [this] { announce(QString(), QStringLiteral("viewing")); });
    connect(widget, &BoardWidget::editingFieldChanged, this, [this](const QString &itemId, const QString &columnId) {
        if (columnId.isEmpty())
            announce(itemId, QStringLiteral("viewing"));
        else
            announce(itemId, QStringLiteral("editing"), columnId);
    });
    connect(sync, &SyncClient::stateChanged, this, [this](Core::ConnectionState state) {
        refreshConnection();
        if (state == Core::ConnectionState::Live) // the engine only resends on its 20 s timer
            announce(m_itemId, m_presenceState, m_field);
    });
    // Presence counts only once the board's subscription stands (else the server refuses it).
    connect(sync, &SyncClient::caughtUp, this, [this](const QString &stream) {
        if (stream == QStringLiteral("board:") + m_boardId)
            announce(m_itemId, m_presenceState, m_field);
    });
    if (Core::InboxModel *inbox = sync->inbox()) {
        connect(inbox, &QAbstractItemModel::rowsInserted, this, &BoardController::refreshUnread);
        connect(inbox, &QAbstractItemModel::rowsRemoved, this, &BoardController::refreshUnread);
        connect(inbox, &QAbstractItemModel::dataChanged, this, &BoardController::refreshUnread);
        connect(inbox, &QAbstractItemModel::modelReset, this, &BoardController::refreshUnread);
    }
    widget->setCurrentUser(sync->user().id);
    announce(QString(), QStringLiteral("viewing"));
    refreshConnection();
    refreshUnread();
}

void BoardController::refreshUnread()
{
    QSet<QString> items;
    if (const Core::InboxModel *inbox = m_sync->inbox()) {
        for (const Core::Notification &n : inbox->notifications()) {
            if (!n.read && n.boardId == m_boardId && !n.itemId.isEmpty())
                items.insert(n.itemId);
        }
    }
    m_widget->setUnreadItems(items);
}

void BoardController::announce(const QString &itemId, const QString &state, const QString &field)
{
    m_itemId = itemId;
    m_presenceState = state;
    m_field = field;
    m_sync->setPresence(m_boardId, itemId, state, field);
}

void BoardController::fetchHistory(const QString &itemId, qint64 sinceSeq, Core::EventList found, int pages)
{
    if (!m_api || m_api->token().isEmpty())
        return;
    const QString path = QStringLiteral("/api/v1/streams/board:%1/changes?sinceSeq=%2&limit=5000").arg(m_boardId).arg(sinceSeq);
    m_api->request(QByteArrayLiteral("GET"), path, {}, this, [=, this](const Core::ApiReply &reply) mutable {
        if (!reply.ok())
            return; // e.g. 410 once the log was compacted: no history to show
        for (const QJsonValue &v : reply.json.value(QStringLiteral("events")).toArray())
            if (auto event = Core::Event::fromJson(v.toObject()); event && event->itemId() == itemId)
                found.append(event.value());
        const qint64 to = qint64(reply.json.value(QStringLiteral("toSeq")).toDouble());
        const qint64 head = qint64(reply.json.value(QStringLiteral("headSeq")).toDouble());
        if (to < head && to > sinceSeq && pages < 20) // at most 100,000 events
            fetchHistory(itemId, to, std::move(found), pages + 1);
        else
            m_widget->setItemHistory(itemId, found);
    });
}

void BoardController::refreshConnection()
{
    const Core::ConnectionState state = m_sync->state();
    QString name = Core::connectionStateName(state);
    QString reason = m_sync->stateReason();
    if (state == Core::ConnectionState::SignedOut) {
        name = QStringLiteral("offline");
        if (reason.isEmpty())
            reason = tr("Signed out");
    }
    m_widget->connectionIndicator()->setState(name, reason, m_sync->offlineSince(), m_sync->pollingIntervalSeconds());
}

} // namespace Tessera::App
