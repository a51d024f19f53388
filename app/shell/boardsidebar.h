#pragma once

#include "core/client/apiclient.h"

#include <QListWidget>
#include <QSet>

namespace Tessera::App {

// The board list at the side of the main window: one row per board (tooltip: description
// and role), a red dot and bold name on boards with unread notifications. Choosing a row
// emits boardChosen; setCurrentBoard() only marks it.
class BoardSidebar final : public QListWidget
{
    Q_OBJECT

public:
    explicit BoardSidebar(QWidget *parent = nullptr);

    void setBoards(const QList<Core::BoardSummary> &boards, const QString &currentId);
    void setCurrentBoard(const QString &boardId);
    void setUnreadBoards(const QSet<QString> &boardIds);
    bool hasUnreadDot(const QString &boardId) const;
    QString boardIdAt(int row) const;
    QStringList boardNames() const;

Q_SIGNALS:
    void boardChosen(const QString &boardId);
};

} // namespace Tessera::App
