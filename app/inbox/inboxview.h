#pragma once

#include <QDateTime>
#include <QWidget>

#include <functional>

class QAbstractItemModel;
class QLabel;
class QListView;
class QPushButton;
class QTimer;
class QToolButton;

namespace Tessera::App {

class InboxListModel;

// The notification inbox: a list over any notifications model, unread entries in bold
// with who acted (an avatar; a clock for due-date reminders) and when ("5 min ago",
// kept current while shown), an Unread / All filter, mark read / mark all read. Clicking
// an entry, or Enter on it, asks to open its board and item (and marks it read). It only
// emits intent. Long texts are elided; the tooltip has the whole text.
//
// Roles the model provides. The defaults are those of Core::InboxModel; other models map
// theirs with setRoles():
//   Qt::UserRole + 1     notification id (QString)
//   Qt::UserRole + 2     kind: "mention", "assigned", "comment", "due" (QString)
//   Qt::UserRole + 3     the summary text ("Ana mentioned you"; falls back to Qt::DisplayRole)
//   Qt::UserRole + 4     board id (QString)
//   Qt::UserRole + 5     item id (QString)
//   Qt::UserRole + 7     who acted: a user id (QString)
//   Qt::UserRole + 8     when, ISO-8601 (QString)
//   Qt::UserRole + 9     unread (bool)
//   Qt::UserRole + 11    who acted: display name, "" while unknown (QString)
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
        int actor = Qt::UserRole + 7;
        int at = Qt::UserRole + 8;
        int unread = Qt::UserRole + 9;
        int actorName = Qt::UserRole + 11;
    };

    explicit InboxView(QAbstractItemModel *model, QWidget *parent = nullptr);

    void setRoles(const Roles &roles);
    const Roles &roles() const { return m_roles; }
    QListView *listView() const { return m_list; } // its model is listModel()
    InboxListModel *listModel() const { return m_listModel; }
    QToolButton *unreadButton() const { return m_unreadOnly; }
    QToolButton *allButton() const { return m_all; }
    int unreadCount() const;
    void setUnreadOnly(bool unreadOnly);
    bool unreadOnly() const;

    // "Now" for the relative times (tests pin it) and how often they are said anew while shown.
    void setClock(std::function<QDateTime()> now);
    void setRefreshInterval(int ms);

Q_SIGNALS:
    void openRequested(const QString &boardId, const QString &itemId);
    void markReadRequested(const QStringList &notificationIds);
    void markAllReadRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void open(const QModelIndex &index);
    void updateHeader();

    QAbstractItemModel *m_model;
    Roles m_roles;
    InboxListModel *m_listModel;
    QListView *m_list;
    QLabel *m_header;
    QLabel *m_empty;
    QToolButton *m_unreadOnly;
    QToolButton *m_all;
    QPushButton *m_markRead;
    QPushButton *m_markAll;
    QTimer *m_refresh;
};

} // namespace Tessera::App
