#include "boardcontroller.h"

#include "boardwidget.h"
#include "connectionindicator.h"
#include "core/syncclient.h"

namespace Tessera::App {

BoardController::BoardController(Core::SyncClient *sync, const QString &boardId, BoardWidget *widget)
    : QObject(widget), m_sync(sync), m_boardId(boardId), m_widget(widget)
{
    using Core::SyncClient;
    connect(widget, &BoardWidget::opRequested, this, [this](const Core::Op &op) { m_sync->submit(m_boardId, op); });
    connect(widget, &BoardWidget::retryRequested, this, [this](const QString &id) { m_sync->retry(id); });
    connect(widget, &BoardWidget::discardRequested, this, [this](const QString &id) { m_sync->discard(id); });
    connect(widget, &BoardWidget::keepMineRequested, this, [this](const QString &id) { m_sync->keepMine(id); });
    connect(widget, &BoardWidget::takeTheirsRequested, this, [this](const QString &id) { m_sync->takeTheirs(id); });
    connect(widget, &BoardWidget::itemOpened, this, [this](const QString &itemId) {
        m_sync->setPresence(m_boardId, itemId, QStringLiteral("viewing"));
    });
    connect(widget, &BoardWidget::editingFieldChanged, this, [this](const QString &itemId, const QString &columnId) {
        if (columnId.isEmpty())
            m_sync->setPresence(m_boardId, itemId, QStringLiteral("viewing"));
        else
            m_sync->setPresence(m_boardId, itemId, QStringLiteral("editing"), columnId);
    });
    connect(sync, &SyncClient::stateChanged, this, &BoardController::refreshConnection);
    widget->setCurrentUser(sync->user().id);
    m_sync->setPresence(m_boardId, QString(), QStringLiteral("viewing"));
    refreshConnection();
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
