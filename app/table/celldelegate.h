#pragma once

#include <QJsonValue>
#include <QStyledItemDelegate>

#include <functional>

namespace Tessera::Core {
class BoardStore;
}

namespace Tessera::App {

// Paints and edits table cells. Editors come from FieldEditors; a finished edit is not
// written to the model (which is read-only) but reported as valueCommitted(), from which
// the table builds a command. Painting shows the item's sync state (pending shaded,
// failed/conflict marked), a fading flash after remote changes, status pills and a colour
// bar for people viewing or editing the row, a frame around the current cell, and an
// open button in the first cell of a hovered or selected row.
class CellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit CellDelegate(Core::BoardStore *store, QObject *parent = nullptr);

    // 0..1: how strongly an item flashes now (set by the table).
    void setFlashLevel(std::function<qreal(const QString &itemId)> level) { m_flashLevel = std::move(level); }
    void setCurrentUser(const QString &userId) { m_me = userId; }
    // Whether an item has unseen activity: an accent dot in its first cell.
    void setUnreadCheck(std::function<bool(const QString &itemId)> unread) { m_unread = std::move(unread); }

    // The background a cell gets for its state, flash and presence (invalid: none).
    QColor backgroundFor(const QModelIndex &index, const QPalette &palette) const;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paintGroupHeader(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;

    // The title cell's open button (shown while the row is hovered or selected).
    static QRect openButtonRect(const QRect &cellRect);
    static QRect gripRect(const QRect &cellRect); // the first cell's drag handle

Q_SIGNALS:
    void valueCommitted(const QModelIndex &index, const QJsonValue &value);
    void openRequested(const QModelIndex &index);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    QStringList othersOn(const QModelIndex &index) const;

    Core::BoardStore *m_store;
    QString m_me;
    std::function<qreal(const QString &)> m_flashLevel;
    std::function<bool(const QString &)> m_unread;
};

} // namespace Tessera::App
