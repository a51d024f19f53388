#include "boardcontroller.h"

#include "app/item/attachmentssection.h"
#include "app/item/itempanel.h"

#include "boardwidget.h"
#include "connectionindicator.h"
#include "core/client/apiclient.h"
#include "core/models/inboxmodel.h"
#include "core/client/syncclient.h"
#include "core/protocol/httpbodies.h"
#include "core/protocol/limits.h"
#include "core/protocol/routes.h"

#include <QCryptographicHash>


namespace Tessera::App {

BoardController::BoardController(Core::SyncClient *sync, Core::ApiClient *api, const QString &boardId, BoardWidget *widget)
    : QObject(widget), m_sync(sync), m_api(api), m_boardId(boardId), m_widget(widget)
{
    using Core::SyncClient;
    widget->itemPanel()->attachments()->setApi(api, boardId); // uploads and downloads use the session
    connect(widget, &BoardWidget::opRequested, this, [this](const Core::Op &op) { m_sync->submit(m_boardId, op); });
    connect(widget, &BoardWidget::bulkRequested, this,
            [this](const QList<Core::Op> &ops) { m_sync->submitBulk(m_boardId, ops); });
    connect(widget, &BoardWidget::retryRequested, this, [this](const QString &id) { m_sync->retry(id); });
    connect(widget, &BoardWidget::discardRequested, this, [this](const QString &id) { m_sync->discard(id); });
    connect(widget, &BoardWidget::keepMineRequested, this, [this](const QString &id) { m_sync->keepMine(id); });
    connect(widget, &BoardWidget::takeTheirsRequested, this, [this](const QString &id) { m_sync->takeTheirs(id); });
    connect(widget, &BoardWidget::itemOpened, this, [this](const QString &itemId) {
        announce(itemId, Core::PresenceState::Viewing);
        fetchHistory(itemId, 0, {}, 0);
    });
    connect(widget, &BoardWidget::itemClosed, this, [this] { announce(QString(), Core::PresenceState::Viewing); });
    // The Dashboard's "completed per week" needs to know when current values were set: once
    // it is shown (and the board is loaded), the recent log is read for that.
    const auto historyForDashboard = [this] {
        if (m_widget->view() == BoardWidget::View::Dashboard)
            m_sync->loadBoardHistory(m_boardId);
    };
    connect(widget, &BoardWidget::viewChanged, this, historyForDashboard);
    connect(widget->store(), &Core::BoardStore::reset, this, historyForDashboard);
    historyForDashboard();
    connect(widget, &BoardWidget::editingFieldChanged, this, [this](const QString &itemId, const QString &columnId) {
        if (columnId.isEmpty())
            announce(itemId, Core::PresenceState::Viewing);
        else
            announce(itemId, Core::PresenceState::Editing, columnId);
    });
    connect(sync, &SyncClient::stateChanged, this, [this](Core::ConnectionState state) {
        refreshConnection();
        if (state == Core::ConnectionState::Live) // the engine only resends on its 20 s timer
            announce(m_itemId, m_presenceState, m_field);
    });
    connect(sync, &SyncClient::serverChanged, this, &BoardController::refreshConnection);
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
    // The saved view this person last used here comes back (per server, user and board).
    widget->setLastViewKey(QStringLiteral("lastView/%1/%2/%3")
                                   .arg(QString::fromLatin1(QCryptographicHash::hash(sync->cacheFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(12)),
                                        sync->user().id, boardId));
    announce(QString(), Core::PresenceState::Viewing);
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

void BoardController::announce(const QString &itemId, Core::PresenceState state, const QString &field)
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
    const QString path = Core::Routes::changes(Core::StreamName::board(m_boardId), sinceSeq, int(Core::Limits::maxEventsPerPage));
    m_api->request(QByteArrayLiteral("GET"), path, {}, this, [=, this](const Core::ApiReply &reply) mutable {
        const auto page = Core::ChangesPage::fromJson(reply.json);
        if (!reply.ok() || !page)
            return; // e.g. 410 once the log was compacted: no history to show
        for (const Core::Event &event : page->events) {
            if (event.itemId() == itemId)
                found.append(event);
        }
        if (page->toSeq < page->headSeq && page->toSeq > sinceSeq && pages < 20) // at most 100,000 events
            fetchHistory(itemId, page->toSeq, std::move(found), pages + 1);
        else
            m_widget->setItemHistory(itemId, found);
    });
}

void BoardController::refreshConnection()
{
    m_widget->connectionIndicator()->setServer(Core::ServerList::hostPort(m_sync->currentServer()));
    m_widget->connectionIndicator()->setState(m_sync->state(), m_sync->stateReason(), m_sync->offlineSince(),
                                              m_sync->pollingIntervalSeconds());
}

} // namespace Tessera::App
