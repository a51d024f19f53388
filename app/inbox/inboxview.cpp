#include "inboxview.h"

#include "inboxdelegate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace Tessera::App {

InboxView::InboxView(QAbstractItemModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_list(new QListView(this)), m_header(new QLabel(this)),
      m_markRead(new QPushButton(tr("Mark read"), this)), m_markAll(new QPushButton(tr("Mark all read"), this))
{
    m_list->setModel(m_model);
    m_list->setItemDelegate(new InboxDelegate(&m_roles, this));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Notifications"));
    m_list->setUniformItemSizes(true);
    QFont bold = m_header->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_header->setFont(bold);

    connect(m_list, &QListView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT openRequested(index.data(m_roles.boardId).toString(), index.data(m_roles.itemId).toString());
        if (index.data(m_roles.unread).toBool())
            Q_EMIT markReadRequested({ index.data(m_roles.id).toString() });
    });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT openRequested(index.data(m_roles.boardId).toString(), index.data(m_roles.itemId).toString());
    });
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
        connect(m_model, signal, this, &InboxView::updateHeader);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &InboxView::updateHeader);
    connect(m_model, &QAbstractItemModel::modelReset, this, &InboxView::updateHeader);

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_markRead);
    top->addWidget(m_markAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    updateHeader();
}

void InboxView::setRoles(const Roles &roles)
{
    m_roles = roles;
    m_list->viewport()->update();
    updateHeader();
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

void InboxView::updateHeader()
{
    const int unread = unreadCount();
    m_header->setText(unread > 0 ? tr("Inbox (%n unread)", nullptr, unread) : tr("Inbox"));
    m_markAll->setEnabled(unread > 0);
    m_markRead->setEnabled(unread > 0);
}

} // namespace Tessera::App
