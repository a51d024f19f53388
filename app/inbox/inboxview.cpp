#include "inboxview.h"

#include "inboxdelegate.h"
#include "inboxlistmodel.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {
constexpr int RefreshMs = 30 * 1000; // "5 min ago" is never more than half a minute stale
}

InboxView::InboxView(QAbstractItemModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_listModel(new InboxListModel(&m_roles, this)), m_list(new QListView(this)),
      m_header(new QLabel(this)), m_empty(new QLabel(this)), m_unreadOnly(new QToolButton(this)),
      m_all(new QToolButton(this)), m_markRead(new QPushButton(tr("Mark read"), this)),
      m_markAll(new QPushButton(tr("Mark all read"), this)), m_refresh(new QTimer(this))
{
    m_listModel->setSourceModel(m_model);
    m_list->setModel(m_listModel);
    m_list->setItemDelegate(new InboxDelegate(&m_roles, this));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Notifications"));
    m_list->setUniformItemSizes(true);
    m_list->setMouseTracking(true); // tooltips and hover follow the pointer
    m_list->installEventFilter(this); // Enter opens the current entry
    QFont bold = m_header->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_header->setFont(bold);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setWordWrap(true);
    m_empty->hide();

    // Unread / All: which entries the list shows.
    auto *filter = new QButtonGroup(this);
    m_unreadOnly->setText(tr("Unread"));
    m_unreadOnly->setObjectName(QStringLiteral("inboxUnreadOnly"));
    m_unreadOnly->setToolTip(tr("Show only unread notifications"));
    m_all->setText(tr("All"));
    m_all->setObjectName(QStringLiteral("inboxAll"));
    m_all->setToolTip(tr("Show all notifications"));
    for (QToolButton *button : { m_unreadOnly, m_all }) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::StrongFocus);
        filter->addButton(button);
    }
    m_all->setChecked(true);
    connect(m_unreadOnly, &QToolButton::toggled, this, [this](bool on) { setUnreadOnly(on); });

    connect(m_list, &QListView::clicked, this, &InboxView::open);
    connect(m_markRead, &QPushButton::clicked, this, [this] {
        QStringList ids;
        for (const QModelIndex &index : m_list->selectionModel()->selectedIndexes()) {
            if (index.data(m_roles.unread).toBool())
                ids.append(index.data(m_roles.id).toString());
        }
        if (!ids.isEmpty())
            Q_EMIT markReadRequested(ids);
    });
    connect(m_markAll, &QPushButton::clicked, this, &InboxView::markAllReadRequested);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_listModel, signal, this, &InboxView::updateHeader);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &InboxView::updateHeader);
    connect(m_listModel, &QAbstractItemModel::modelReset, this, &InboxView::updateHeader);
    connect(m_listModel, &QAbstractItemModel::layoutChanged, this, &InboxView::updateHeader);
    m_refresh->setInterval(RefreshMs);
    connect(m_refresh, &QTimer::timeout, m_listModel, &InboxListModel::refreshTimes);

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_unreadOnly);
    top->addWidget(m_all);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch();
    bottom->addWidget(m_markRead);
    bottom->addWidget(m_markAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1);
    layout->addLayout(bottom);
    setTabOrder(m_unreadOnly, m_all);
    setTabOrder(m_all, m_list);
    setTabOrder(m_list, m_markRead);
    setTabOrder(m_markRead, m_markAll);
    updateHeader();
}

void InboxView::setRoles(const Roles &roles)
{
    m_roles = roles;
    m_listModel->invalidate();
    m_list->viewport()->update();
    updateHeader();
}

void InboxView::setUnreadOnly(bool unreadOnly)
{
    (unreadOnly ? m_unreadOnly : m_all)->setChecked(true);
    m_listModel->setUnreadOnly(unreadOnly);
    updateHeader();
}

bool InboxView::unreadOnly() const
{
    return m_listModel->unreadOnly();
}

void InboxView::setClock(std::function<QDateTime()> now)
{
    m_listModel->setClock(std::move(now));
}

void InboxView::setRefreshInterval(int ms)
{
    m_refresh->setInterval(ms);
}

int InboxView::unreadCount() const
{
    int count = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(m_roles.unread).toBool())
            ++count;
    }
    return count;
}

void InboxView::open(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString id = index.data(m_roles.id).toString();
    const bool unread = index.data(m_roles.unread).toBool();
    Q_EMIT openRequested(index.data(m_roles.boardId).toString(), index.data(m_roles.itemId).toString());
    if (unread)
        Q_EMIT markReadRequested({ id });
}

void InboxView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_listModel->refreshTimes(); // they may have gone stale while hidden
    m_refresh->start();
    // The keyboard goes to the entries, from the newest: arrows choose, Enter opens.
    if (m_list->isVisible()) {
        if (m_listModel->rowCount() > 0)
            m_list->selectionModel()->setCurrentIndex(m_listModel->index(0, 0), QItemSelectionModel::NoUpdate);
        m_list->scrollToTop();
        m_list->setFocus(Qt::PopupFocusReason);
    }
}

void InboxView::hideEvent(QHideEvent *event)
{
    m_refresh->stop();
    QWidget::hideEvent(event);
}

bool InboxView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            open(m_list->currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void InboxView::updateHeader()
{
    const int unread = unreadCount();
    m_header->setText(unread > 0 ? tr("Inbox (%n unread)", nullptr, unread) : tr("Inbox"));
    m_markAll->setEnabled(unread > 0);
    m_markRead->setEnabled(unread > 0);
    const bool empty = m_listModel->rowCount() == 0;
    m_empty->setText(m_listModel->unreadOnly() ? tr("Nothing unread. All caught up.") : tr("No notifications yet."));
    m_empty->setVisible(empty);
    m_list->setVisible(!empty);
}

} // namespace Tessera::App
