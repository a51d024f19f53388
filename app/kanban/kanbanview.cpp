#include "kanbanview.h"

#include "carddelegate.h"
#include "carddrag.h"
#include "kanbanlane.h"
#include "lanelistview.h"
#include "app/board/opbuilder.h"
#include "app/board/presenceavatars.h"

#include "core/models/boardstore.h"
#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"
#include "core/rules/rank.h"

#include <QHBoxLayout>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollArea>
#include <QTimer>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

QString firstColumnOf(const BoardStore &store, ColumnType type)
{
    for (const Column &column : store.columns()) {
        if (column.type == type)
            return column.id;
    }
    return QString();
}

} // namespace

KanbanView::KanbanView(ItemTableModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_store(model->store()), m_delegate(new CardDelegate(model->store(), this)),
      m_drag(new CardDrag(this, [this] { return m_lanes; }, this)), m_scroll(new QScrollArea(this)), m_strip(new QWidget), m_stripLayout(new QHBoxLayout(m_strip)), m_timer(new QTimer(this))
{
    m_clock.start();
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(m_strip);
    m_stripLayout->setContentsMargins(10, 10, 10, 10);
    m_stripLayout->setSpacing(10);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    m_delegate->setHighlightLevel([this](const QString &itemId) -> qreal {
        const auto it = m_highlightStart.constFind(itemId);
        if (it == m_highlightStart.constEnd())
            return 0.0;
        return qBound(0.0, 1.0 - qreal(m_clock.elapsed() - *it) / HighlightMs, 1.0);
    });
    m_delegate->setUnreadCheck([this](const QString &itemId) { return m_unread.contains(itemId); });
    m_timer->setInterval(40);
    connect(m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.elapsed();
        for (auto it = m_highlightStart.begin(); it != m_highlightStart.end();)
            it = now - *it > HighlightMs ? m_highlightStart.erase(it) : std::next(it);
        if (m_highlightStart.isEmpty())
            m_timer->stop();
        for (KanbanLane *lane : std::as_const(m_lanes))
            lane->listView()->viewport()->update();
    });
    connect(m_drag, &CardDrag::dropped, this, [this](const QString &itemId, const QString &optionId, int row) {
        // A card of a multi-selection takes the whole selection along, as one change.
        const QStringList selected = selectedItemIds();
        if (selected.size() > 1 && selected.contains(itemId)) {
            const QList<Op> ops = movesFor(selected, optionId, row);
            if (!ops.isEmpty())
                Q_EMIT bulkRequested(ops, tr("Move %n cards", nullptr, int(ops.size())));
            return;
        }
        if (const auto op = moveFor(itemId, optionId, row))
            Q_EMIT opRequested(*op);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &KanbanView::rebuild);
    connect(m_store, &BoardStore::batchApplied, this, &KanbanView::onBatchApplied);
    connect(m_store, &BoardStore::presenceChanged, this, [this] {
        for (KanbanLane *lane : std::as_const(m_lanes))
            lane->listView()->viewport()->update();
    });
    rebuild();
}

void KanbanView::setCurrentUser(const QString &userId)
{
    m_delegate->setCurrentUser(userId);
    update();
}

void KanbanView::setStatusColumn(const QString &columnId)
{
    m_requestedColumn = columnId;
    rebuild();
}

void KanbanView::setItemFilter(const ItemFilter &filter)
{
    m_filter = filter;
    for (KanbanLane *l : std::as_const(m_lanes))
        l->laneModel()->setItemFilter(filter);
}

void KanbanView::setUnreadItems(const QSet<QString> &itemIds)
{
    if (itemIds == m_unread)
        return;
    m_unread = itemIds;
    for (KanbanLane *l : std::as_const(m_lanes))
        l->listView()->viewport()->update();
}

KanbanLane *KanbanView::lane(const QString &optionId) const
{
    for (KanbanLane *l : m_lanes) {
        if (l->optionId() == optionId)
            return l;
    }
    return nullptr;
}

void KanbanView::revealLane(const QString &optionId, const QString &itemId)
{
    KanbanLane *l = lane(optionId);
    if (!l)
        return;
    l->setCollapsed(false);
    m_strip->layout()->activate(); // its new width, before scrolling to it
    m_scroll->ensureWidgetVisible(l, 10, 0);
    if (itemId.isEmpty())
        return;
    const qsizetype row = l->laneModel()->itemIds().indexOf(itemId);
    if (row < 0)
        return;
    const QModelIndex index = l->laneModel()->index(int(row), 0);
    l->listView()->setCurrentIndex(index);
    l->listView()->scrollTo(index);
}

QString KanbanView::laneOf(const QString &itemId) const
{
    for (const KanbanLane *l : m_lanes) {
        if (l->laneModel()->itemIds().contains(itemId))
            return l->optionId();
    }
    return QString();
}

QString KanbanView::currentItemId() const
{
    for (const KanbanLane *l : m_lanes) {
        if (l->listView()->hasFocus() && l->listView()->currentIndex().isValid())
            return l->listView()->currentIndex().data(ItemTableModel::ItemIdRole).toString();
    }
    return QString();
}

QStringList KanbanView::selectedItemIds() const
{
    QStringList ids;
    for (const KanbanLane *l : m_lanes) {
        QModelIndexList rows = l->listView()->selectionModel()->selectedIndexes();
        std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &index : std::as_const(rows))
            ids.append(index.data(ItemTableModel::ItemIdRole).toString());
    }
    return ids;
}

void KanbanView::clearSelection()
{
    for (KanbanLane *l : std::as_const(m_lanes))
        l->listView()->clearSelection();
}

QList<Op> KanbanView::movesFor(const QStringList &itemIds, const QString &optionId, int row) const
{
    const KanbanLane *target = lane(optionId);
    if (!target)
        return {};
    // The lane without the moved cards, and the drop row counted in it.
    const QStringList laneIds = target->laneModel()->itemIds();
    QStringList rest;
    int at = 0;
    for (int i = 0; i < laneIds.size(); ++i) {
        if (i == row)
            at = int(rest.size());
        if (!itemIds.contains(laneIds.at(i)))
            rest.append(laneIds.at(i));
    }
    if (row >= laneIds.size())
        at = int(rest.size());
    const auto rankOf = [this](const QString &id) {
        const Item *item = m_store->itemPtr(id);
        return item ? item->rank : QString();
    };
    QString before = at > 0 ? rankOf(rest.at(at - 1)) : QString();
    const QString after = at < rest.size() ? rankOf(rest.at(at)) : QString();
    QList<Op> ops;
    for (const QString &id : itemIds) {
        const Item *item = m_store->itemPtr(id);
        if (!item)
            continue;
        const auto rank = Rank::forDrop(before, after);
        if (!rank)
            return {};
        QJsonObject fields;
        const bool changesLane = !laneIds.contains(id);
        if (changesLane)
            fields.insert(m_statusColumn, optionId.isEmpty() ? QJsonValue() : QJsonValue(optionId));
        ops.append(OpBuilder::moveItem(*m_store, id, *rank, fields));
        before = *rank;
    }
    return ops;
}

QWidget *KanbanView::focusTarget() const
{
    for (KanbanLane *l : m_lanes) {
        if (!l->isCollapsed())
            return l->listView();
    }
    return nullptr;
}

bool KanbanView::eventFilter(QObject *watched, QEvent *event)
{
    auto *list = qobject_cast<LaneListView *>(watched);
    if (!list || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const QString itemId = list->currentIndex().data(ItemTableModel::ItemIdRole).toString();
    if (itemId.isEmpty())
        return QWidget::eventFilter(watched, event);
    if (key->modifiers() == Qt::NoModifier && key->key() == Qt::Key_Delete) {
        const QStringList selected = selectedItemIds();
        Q_EMIT deleteRequested(selected.contains(itemId) ? selected : QStringList { itemId });
        return true;
    }
    if (key->modifiers() == Qt::ControlModifier) {
        switch (key->key()) {
        case Qt::Key_Left: moveByKey(itemId, -1, 0); return true;
        case Qt::Key_Right: moveByKey(itemId, 1, 0); return true;
        case Qt::Key_Up: moveByKey(itemId, 0, -1); return true;
        case Qt::Key_Down: moveByKey(itemId, 0, 1); return true;
        default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void KanbanView::moveByKey(const QString &itemId, int laneStep, int rowStep)
{
    const QString from = laneOf(itemId);
    qsizetype laneIndex = -1;
    for (qsizetype i = 0; i < m_lanes.size(); ++i) {
        if (m_lanes.at(i)->optionId() == from)
            laneIndex = i;
    }
    if (laneIndex < 0)
        return;
    const qsizetype target = laneIndex + laneStep;
    if (target < 0 || target >= m_lanes.size())
        return;
    KanbanLane *to = m_lanes.at(target);
    const QStringList ids = to->laneModel()->itemIds();
    int row = int(ids.size()); // another lane: at its end
    if (laneStep == 0) {
        const int current = int(ids.indexOf(itemId));
        row = rowStep < 0 ? current - 1 : current + 2; // before the previous card / after the next
        if (row < 0 || row > ids.size())
            return;
    }
    if (const auto op = moveFor(itemId, to->optionId(), row)) {
        Q_EMIT opRequested(*op);
        revealLane(to->optionId(), itemId);
        to->listView()->setFocus(Qt::OtherFocusReason);
    }
}

void KanbanView::rebuild()
{
    QHash<QString, bool> collapsed;
    for (KanbanLane *l : std::as_const(m_lanes)) {
        collapsed.insert(l->optionId(), l->isCollapsed());
        l->deleteLater();
        l->hide();
    }
    m_lanes.clear();
    while (QLayoutItem *item = m_stripLayout->takeAt(0)) {
        if (item->widget() && !qobject_cast<KanbanLane *>(item->widget()))
            item->widget()->deleteLater();
        delete item;
    }

    // Lanes group by the requested status or person column, else the first status column.
    const Column *status = m_store->confirmed().column(m_requestedColumn);
    if (!status || (status->type != ColumnType::Status && status->type != ColumnType::Person))
        status = m_store->confirmed().column(firstColumnOf(*m_store, ColumnType::Status));
    m_statusColumn = status ? status->id : QString();
    m_delegate->setColumns(firstColumnOf(*m_store, ColumnType::Text), firstColumnOf(*m_store, ColumnType::Person),
                           firstColumnOf(*m_store, ColumnType::Date));
    if (!status) {
        auto *hint = new QLabel(tr("This board has no status column. Add one in the table view to use the kanban."));
        hint->setAlignment(Qt::AlignCenter);
        hint->setWordWrap(true);
        m_stripLayout->addWidget(hint, 1);
        return;
    }

    QList<StatusOption> options;
    if (status->type == ColumnType::Person) {
        QList<Member> members = m_store->confirmed().members.values();
        std::sort(members.begin(), members.end(), [](const Member &a, const Member &b) {
            return QString::localeAwareCompare(a.displayName, b.displayName) < 0;
        });
        options.append({ QString(), tr("Unassigned"), QString() });
        for (const Member &m : std::as_const(members))
            options.append({ m.userId, m.displayName.isEmpty() ? m.login : m.displayName,
                             PresenceAvatars::colorFor(m.userId).name() });
    } else {
        options = status->options;
        options.prepend({ QString(), tr("No status"), QString() });
    }
    for (const StatusOption &option : options) {
        auto *laneModel = new KanbanLaneModel(m_model);
        laneModel->setLane(status->id, option.id);
        laneModel->setItemFilter(m_filter);
        auto *l = new KanbanLane(laneModel, option.label, option.color, m_strip);
        laneModel->setParent(l);
        l->listView()->setItemDelegate(m_delegate);
        l->setCollapsed(collapsed.value(option.id, false));
        m_drag->watch(l->listView());
        l->listView()->installEventFilter(this);
        // One selection across lanes: a plain click in one lane clears the others; Ctrl
        // or Shift adds to it.
        connect(l->listView()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                [this, l](const QItemSelection &selected) {
                    if (!selected.isEmpty() && !(QGuiApplication::keyboardModifiers() & (Qt::ControlModifier | Qt::ShiftModifier))) {
                        for (KanbanLane *other : std::as_const(m_lanes)) {
                            if (other != l)
                                other->listView()->clearSelection();
                        }
                    }
                    Q_EMIT selectionChanged();
                });
        connect(l, &KanbanLane::newCardRequested, this, &KanbanView::createCard);
        connect(l, &KanbanLane::cardActivated, this, &KanbanView::openItemRequested);
        m_stripLayout->addWidget(l);
        l->show(); // now, not on the layout's queued show: a rebuilt kanban is usable at once
        m_lanes.append(l);
    }
    // The empty "No status" lane is noise on boards where everything has a status.
    if (m_lanes.first()->laneModel()->rowCount() == 0)
        m_lanes.first()->setCollapsed(collapsed.value(QString(), true));
    m_stripLayout->addStretch(1);
}

std::optional<Op> KanbanView::moveFor(const QString &itemId, const QString &optionId, int row) const
{
    const KanbanLane *target = lane(optionId);
    const Item *item = m_store->itemPtr(itemId);
    if (!target || !item)
        return std::nullopt;
    QStringList ids = target->laneModel()->itemIds();
    const qsizetype current = ids.indexOf(itemId);
    row = qBound(0, row, int(ids.size()));
    if (current >= 0) {
        if (row == current || row == current + 1)
            return std::nullopt; // dropped where it already is
        ids.removeAt(current);
        if (current < row)
            --row;
    }
    const auto rankOf = [this](const QString &id) {
        const Item *neighbour = m_store->itemPtr(id);
        return neighbour ? neighbour->rank : QString();
    };
    const QString before = row > 0 ? rankOf(ids.at(row - 1)) : QString();
    const QString after = row < ids.size() ? rankOf(ids.at(row)) : QString();
    const auto rank = Rank::forDrop(before, after);
    if (!rank)
        return std::nullopt;
    QJsonObject fields;
    if (current < 0)
        fields.insert(m_statusColumn, optionId.isEmpty() ? QJsonValue() : QJsonValue(optionId));
    return OpBuilder::moveItem(*m_store, itemId, *rank, fields);
}

void KanbanView::createCard(const QString &optionId)
{
    const KanbanLane *target = lane(optionId);
    if (!target)
        return;
    const QStringList ids = target->laneModel()->itemIds();
    const Item *last = ids.isEmpty() ? nullptr : m_store->itemPtr(ids.last());
    const QString rank = last ? Rank::after(last->rank).value_or(OpBuilder::rankAtEnd(*m_store))
                              : OpBuilder::rankAtEnd(*m_store);
    QJsonObject fields;
    if (const QString title = firstColumnOf(*m_store, ColumnType::Text); !title.isEmpty())
        fields.insert(title, tr("New card"));
    if (!optionId.isEmpty())
        fields.insert(m_statusColumn, optionId);
    const QString itemId = OpBuilder::newId();
    Q_EMIT opRequested(OpBuilder::createItem(itemId, fields, rank));
    Q_EMIT openItemRequested(itemId);
}

void KanbanView::onBatchApplied(const BatchChanges &changes)
{
    const Column *group = m_store->confirmed().column(m_statusColumn);
    if (changes.membersChanged && group && group->type == ColumnType::Person) {
        rebuild(); // a lane per member
        return;
    }
    if (changes.origin != BatchChanges::Origin::Server)
        return;
    const qint64 now = m_clock.elapsed();
    QSet<QString> ids = changes.moved;
    for (auto it = changes.updated.begin(); it != changes.updated.end(); ++it) {
        if (it.value().contains(m_statusColumn))
            ids.insert(it.key());
    }
    for (const QString &id : ids) {
        if (m_store->itemState(id) == ItemState::Synced)
            m_highlightStart.insert(id, now);
    }
    if (!m_highlightStart.isEmpty() && !m_timer->isActive())
        m_timer->start();
}

} // namespace Tessera::App
