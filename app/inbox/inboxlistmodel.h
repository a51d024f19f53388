#pragma once

#include "inboxview.h"

#include <QDateTime>
#include <QSortFilterProxyModel>

#include <functional>

namespace Tessera::App {

// What the inbox list shows of a notifications model: all entries or only the unread
// ones, plus what is worked out for showing them — when, said relative to now ("5 min
// ago"), and what a screen reader reads (the text; kind, who and when as description).
// The source's roles are named by InboxView::Roles. Relative times go stale: the view
// calls refreshTimes() while it is shown.
class InboxListModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum Roles {
        WhenTextRole = Qt::UserRole + 100, // "5 min ago"
        KindTextRole, // "Mention", "Assigned to you", "Due date"
    };

    // `roles` must outlive the model.
    InboxListModel(const InboxView::Roles *roles, QObject *parent = nullptr);

    void setUnreadOnly(bool unreadOnly);
    bool unreadOnly() const { return m_unreadOnly; }
    void setClock(std::function<QDateTime()> now); // tests pin "now"
    QDateTime now() const { return m_now(); }
    void refreshTimes(); // the relative times of every row are said anew

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    static QString kindText(const QString &kind);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    const InboxView::Roles *m_roles;
    bool m_unreadOnly = false;
    std::function<QDateTime()> m_now;
};

} // namespace Tessera::App
