#pragma once

#include <QWidget>

class QAbstractItemModel;
class QListView;
class QPushButton;
class QLabel;

namespace Tessera::App {

// The notification inbox: a list over any notifications model, unread entries in bold,
// click to open the board and item, mark read / mark all read. It only emits intent.
//
// Roles the model provides. The defaults are those of Core::InboxModel (being written in
// parallel; this view only needs a QAbstractItemModel), other models map theirs with setRoles():
//   Qt::UserRole + 1     notification id (QString)
//   Qt::UserRole + 2     kind: "mention", "assigned", "comment" (QString)
//   Qt::UserRole + 3     the summary text ("Ana mentioned you"; falls back to Qt::DisplayRole)
//   Qt::UserRole + 4     board id (QString)
//   Qt::UserRole + 5     item id (QString)
//   Qt::UserRole + 8     when, ISO-8601 (QString)
//   Qt::UserRole + 9     unread (bool)
class InboxView final : public QWidget
{
    Q_OBJECT

public:
    struct Roles
    {
        int id = Qt::UserRole + 1;
        int kind = Qt::UserRole + 2;
        int text = Qt::UserRole + 3;
        int boardId = Qt::UserRole + 4;
        int itemId = Qt::UserRole + 5;
        int at = Qt::UserRole + 8;
        int unread = Qt::UserRole + 9;
    };

    explicit InboxView(QAbstractItemModel *model, QWidget *parent = nullptr);

    void setRoles(const Roles &roles);
    const Roles &roles() const { return m_roles; }
    QListView *listView() const { return m_list; }
    int unreadCount() const;

Q_SIGNALS:
    void openRequested(const QString &boardId, const QString &itemId);
    void markReadRequested(const QStringList &notificationIds);
    void markAllReadRequested();

private:
    void updateHeader();

    QAbstractItemModel *m_model;
    Roles m_roles;
    QListView *m_list;
    QLabel *m_header;
    QPushButton *m_markRead;
    QPushButton *m_markAll;
};

} // namespace Tessera::App
