#include "celldelegate.h"

#include "core/models/groupingproxy.h"

#include "app/board/choicebox.h"
#include "app/board/datefield.h"
#include "app/board/fieldeditors.h"
#include "app/board/presenceavatars.h"

#include "core/models/boardstore.h"
#include "core/models/itemtablemodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPointer>
#include <QTimer>

namespace Tessera::App {

using namespace Tessera::Core;
using Roles = ItemTableModel::Roles;

namespace {

constexpr int UnreadLead = 10; // room the unread dot takes in the first cell
constexpr int GripWidth = 12; // the first cell's drag handle (reorder rows)

QColor blend(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() + (tint.redF() - base.redF()) * amount,
                            base.greenF() + (tint.greenF() - base.greenF()) * amount,
                            base.blueF() + (tint.blueF() - base.blueF()) * amount);
}

const Column *columnOf(const BoardStore &store, const QModelIndex &index)
{
    return store.confirmed().column(index.data(Roles::ColumnIdRole).toString());
}

} // namespace

CellDelegate::CellDelegate(BoardStore *store, QObject *parent)
    : QStyledItemDelegate(parent), m_store(store)
{
}

QStringList CellDelegate::othersOn(const QModelIndex &index) const
{
    QStringList others = index.data(Roles::PresenceRole).toStringList();
    others.removeAll(m_me);
    return others;
}

QColor CellDelegate::backgroundFor(const QModelIndex &index, const QPalette &palette) const
{
    const QColor base = palette.base().color();
    const bool dark = base.lightnessF() < 0.5;
    QColor color;
    switch (ItemState(index.data(Roles::StateRole).toInt())) {
    case ItemState::Pending:
        color = blend(base, dark ? QColor(0x8a, 0x7a, 0x20) : QColor(0xff, 0xe0, 0x66), dark ? 0.35 : 0.35);
        break;
    case ItemState::Failed:
        color = blend(base, QColor(0xe0, 0x40, 0x40), dark ? 0.35 : 0.22);
        break;
    case ItemState::Conflict:
        color = blend(base, QColor(0xf0, 0x90, 0x20), dark ? 0.35 : 0.25);
        break;
    case ItemState::Synced:
        break;
    }
    if (!color.isValid()) {
        const QStringList others = othersOn(index);
        if (!others.isEmpty())
            color = blend(base, PresenceAvatars::colorFor(others.first()), dark ? 0.18 : 0.10);
    }
    const qreal flash = m_flashLevel ? m_flashLevel(index.data(Roles::ItemIdRole).toString()) : 0.0;
    if (flash > 0.0)
        color = blend(color.isValid() ? color : base, palette.highlight().color(), 0.45 * flash);
    return color;
}

QWidget *CellDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const Column *column = columnOf(*m_store, index);
    if (!column || column->type == ColumnType::Checkbox)
        return nullptr;
    QWidget *editor = FieldEditors::create(*column, *m_store, parent);
    editor->setAutoFillBackground(true);
    auto *self = const_cast<CellDelegate *>(this);
    if (auto *choice = qobject_cast<ChoiceBox *>(editor)) {
        // Status and person: the list opens at once; a pick saves and closes the cell,
        // closing the list without a pick closes it unchanged.
        connect(choice, &QComboBox::activated, self, [self, choice] {
            Q_EMIT self->commitData(choice);
            Q_EMIT self->closeEditor(choice, QAbstractItemDelegate::NoHint);
        });
        connect(choice, &ChoiceBox::popupHidden, self, [self, choice = QPointer<ChoiceBox>(choice)] {
            QTimer::singleShot(0, self, [self, choice] {
                if (choice && choice->isVisible())
                    Q_EMIT self->closeEditor(choice, QAbstractItemDelegate::RevertModelCache);
            });
        });
        QTimer::singleShot(0, choice, [choice] {
            if (choice->isVisible())
                choice->showPopup();
        });
    } else if (auto *date = qobject_cast<DateField *>(editor)) {
        connect(date, &DateField::datePicked, self, [self, date] {
            Q_EMIT self->commitData(date);
            Q_EMIT self->closeEditor(date, QAbstractItemDelegate::NoHint);
        });
    }
    return editor;
}

void CellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (const Column *column = columnOf(*m_store, index))
        FieldEditors::setValue(editor, *column, QJsonValue::fromVariant(index.data(Roles::RawValueRole)));
}

void CellDelegate::setModelData(QWidget *editor, QAbstractItemModel *, const QModelIndex &index) const
{
    const Column *column = columnOf(*m_store, index);
    if (!column)
        return;
    const QJsonValue value = FieldEditors::value(editor, *column);
    if (value.isUndefined())
        return; // not a value yet (a half-typed date): nothing is saved
    const QJsonValue old = QJsonValue::fromVariant(index.data(Roles::RawValueRole));
    if (value == old || (value.isNull() && old.isNull()))
        return;
    Q_EMIT const_cast<CellDelegate *>(this)->valueCommitted(index, value);
}

void CellDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &) const
{
    QRect rect = option.rect;
    rect.setHeight(qMax(rect.height(), editor->sizeHint().height()));
    rect.moveCenter(option.rect.center());
    editor->setGeometry(rect);
}

QRect CellDelegate::gripRect(const QRect &cellRect)
{
    return QRect(cellRect.left() + 1, cellRect.top(), GripWidth, cellRect.height());
}

QRect CellDelegate::openButtonRect(const QRect &cellRect)
{
    const int size = qMin(cellRect.height() - 6, 22);
    return QRect(cellRect.right() - size - 4, cellRect.center().y() - size / 2, size, size);
}

bool CellDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                               const QModelIndex &index)
{
    if (index.data(GroupingProxy::GroupHeaderRole).toBool())
        return false; // the table toggles the group
    if (index.column() == 0 && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && openButtonRect(option.rect).contains(mouse->position().toPoint())) {
            Q_EMIT openRequested(index);
            return true;
        }
    }
    if (index.column() == 0 && event->type() == QEvent::MouseButtonDblClick) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (openButtonRect(option.rect).contains(mouse->position().toPoint()))
            return true; // a quick second click on the button is not an edit
    }
    const Column *column = columnOf(*m_store, index);
    if (column && column->type == ColumnType::Checkbox) {
        bool toggle = false;
        if (event->type() == QEvent::MouseButtonRelease) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            toggle = mouse->button() == Qt::LeftButton && option.rect.contains(mouse->position().toPoint());
        } else if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent *>(event)->key();
            toggle = key == Qt::Key_Space || key == Qt::Key_Select;
        } else if (event->type() == QEvent::MouseButtonDblClick) {
            return true;
        }
        if (toggle) {
            Q_EMIT valueCommitted(index, !index.data(Roles::RawValueRole).toBool());
            return true;
        }
        return false;
    }
    if (column && (column->type == ColumnType::Status || column->type == ColumnType::Person)
        && event->type() == QEvent::MouseButtonRelease) {
        // One click on a status or person cell opens its list.
        const auto *mouse = static_cast<QMouseEvent *>(event);
        auto *view = qobject_cast<QAbstractItemView *>(const_cast<QWidget *>(option.widget));
        if (view && mouse->button() == Qt::LeftButton && mouse->modifiers() == Qt::NoModifier
            && option.rect.contains(mouse->position().toPoint()) && (index.flags() & Qt::ItemIsEditable)) {
            view->edit(index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

// A group's header row (spanning the table): a chevron, the group's name and its count,
// on a band of the window colour.
void CellDelegate::paintGroupHeader(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    const QPalette &pal = option.palette;
    painter->fillRect(option.rect, pal.color(QPalette::Window));
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(pal.color(QPalette::Highlight), 1));
        painter->drawRect(option.rect.adjusted(0, 0, -1, -1));
    }
    const bool collapsed = index.data(GroupingProxy::GroupCollapsedRole).toBool();
    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    const QRect text = option.rect.adjusted(8, 0, -8, 0);
    painter->setPen(pal.color(QPalette::WindowText));
    painter->setFont(bold);
    const QString chevron = collapsed ? QStringLiteral("\u25B8") : QStringLiteral("\u25BE");
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, chevron);
    const int nameLeft = text.left() + metrics.horizontalAdvance(chevron) + 8;
    const QString name = index.data(Qt::DisplayRole).toString();
    painter->drawText(QRect(nameLeft, text.top(), text.width(), text.height()), Qt::AlignLeft | Qt::AlignVCenter, name);
    painter->setFont(option.font);
    painter->setPen(pal.color(QPalette::PlaceholderText));
    painter->drawText(QRect(nameLeft + metrics.horizontalAdvance(name) + 10, text.top(), text.width(), text.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, QString::number(index.data(GroupingProxy::GroupCountRole).toInt()));
    painter->restore();
}

void CellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.data(GroupingProxy::GroupHeaderRole).toBool()) {
        paintGroupHeader(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QColor background = backgroundFor(index, opt.palette);
    if (background.isValid() && !(opt.state & QStyle::State_Selected))
        painter->fillRect(opt.rect, background);

    const auto type = ColumnType(index.data(Roles::ColumnTypeRole).toInt());
    const QString statusColor = index.data(Roles::StatusColorRole).toString();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    const bool selected = opt.state & QStyle::State_Selected;
    // Unseen activity: an accent dot leads the first cell; the content moves aside for it.
    const bool unread = index.column() == 0 && m_unread && m_unread(index.data(Roles::ItemIdRole).toString());
    const int lead = (unread ? UnreadLead : 0) + (index.column() == 0 ? GripWidth : 0);
    if (type == ColumnType::Status && !statusColor.isEmpty()) {
        // A coloured pill with the option label.
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const QString label = index.data(Qt::DisplayRole).toString();
        const QColor color(statusColor);
        const QFontMetrics metrics(opt.font);
        const int height = qMin(opt.rect.height() - 6, metrics.height() + 4);
        const int width = qMin(opt.rect.width() - 12, metrics.horizontalAdvance(label) + 24);
        const QRect pill(opt.rect.left() + 6 + lead, opt.rect.center().y() - height / 2 + 1, width, height);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(selected ? QPen(opt.palette.highlightedText().color(), 1) : Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
        painter->setFont(opt.font);
        painter->setPen(color.lightnessF() > 0.6 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white));
        painter->drawText(pill, Qt::AlignCenter, metrics.elidedText(label, Qt::ElideRight, pill.width() - 12));
        painter->restore();
    } else if (type == ColumnType::Checkbox) {
        // Painted here so the box reads well on every palette and on tinted rows.
        const bool checked = index.data(Qt::CheckStateRole).toInt() == Qt::Checked;
        opt.features &= ~QStyleOptionViewItem::HasCheckIndicator;
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const QRectF box(opt.rect.left() + 8.5 + lead, opt.rect.center().y() - 6.5, 13, 13);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QColor text = selected ? opt.palette.highlightedText().color() : opt.palette.text().color();
        if (checked) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(selected ? text : opt.palette.highlight().color());
            painter->drawRoundedRect(box, 3, 3);
            painter->setPen(QPen(selected ? opt.palette.highlight().color() : opt.palette.highlightedText().color(), 2,
                                 Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter->drawPolyline(QPolygonF({ box.topLeft() + QPointF(3, 6.5), box.topLeft() + QPointF(5.5, 9),
                                              box.topLeft() + QPointF(10, 3.5) }));
        } else {
            QColor border = text;
            border.setAlphaF(0.45);
            painter->setPen(QPen(border, 1.2));
            painter->setBrush(Qt::NoBrush);
            painter->drawRoundedRect(box, 3, 3);
        }
        painter->restore();
    } else {
        // Breathing room at the cell edges: background over the whole cell, content inset.
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);
        const QRect full = opt.rect;
        const bool button = index.column() == 0 && (opt.state & (QStyle::State_MouseOver | QStyle::State_Selected));
        opt.rect.adjust(6 + lead, 0, button ? -(full.right() - openButtonRect(full).left() + 4) : -6, 0);
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        opt.rect = full;
    }
    if (unread) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? opt.palette.highlightedText() : opt.palette.highlight());
        painter->drawEllipse(QPointF(opt.rect.left() + GripWidth + 10.5, opt.rect.center().y() + 0.5), 3.5, 3.5);
        painter->restore();
    }
    if (index.column() == 0 && (opt.state & (QStyle::State_MouseOver | QStyle::State_Selected))) {
        // The drag handle: two columns of dots.
        const QRect grip = gripRect(opt.rect);
        QColor ink = selected ? opt.palette.highlightedText().color() : opt.palette.text().color();
        ink.setAlphaF(0.5);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(ink);
        for (int row = -1; row <= 1; ++row) {
            for (int col = 0; col < 2; ++col)
                painter->drawEllipse(QPointF(grip.left() + 4.5 + col * 4, grip.center().y() + 0.5 + row * 4), 1.2, 1.2);
        }
        painter->restore();
    }

    if (index.column() == 0 && (opt.state & (QStyle::State_MouseOver | QStyle::State_Selected))) {
        // The open button: a rounded square with an arrow out of it.
        const QRectF button = QRectF(openButtonRect(opt.rect)).adjusted(0.5, 0.5, -0.5, -0.5);
        const QColor ink = selected ? opt.palette.highlightedText().color() : opt.palette.text().color();
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QColor fill = selected ? opt.palette.highlight().color().darker(115) : opt.palette.base().color();
        painter->setBrush(fill);
        QColor edge = ink;
        edge.setAlphaF(0.35);
        painter->setPen(QPen(edge, 1));
        painter->drawRoundedRect(button, 4, 4);
        painter->setPen(QPen(ink, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        const QPointF c = button.center();
        const qreal r = button.width() * 0.22;
        painter->drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        painter->drawPolyline(QPolygonF({ c + QPointF(-r * 0.2, -r), c + QPointF(r, -r), c + QPointF(r, r * 0.2) }));
        painter->restore();
    }
    if (opt.state & QStyle::State_HasFocus) {
        // The current cell, visible inside the selected row.
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(selected ? opt.palette.highlightedText().color() : opt.palette.highlight().color(), 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(opt.rect).adjusted(1.5, 1.5, -1.5, -1.5), 2, 2);
        painter->restore();
    }

    const auto state = ItemState(index.data(Roles::StateRole).toInt());
    if (index.column() == 0) {
        painter->save();
        const QStringList others = othersOn(index);
        if (!others.isEmpty())
            painter->fillRect(QRect(opt.rect.left(), opt.rect.top(), 4, opt.rect.height()),
                              PresenceAvatars::colorFor(others.first()));
        if (state == ItemState::Failed || state == ItemState::Conflict) {
            // A small corner marker: something needs the person's attention.
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(state == ItemState::Failed ? QColor(0xd0, 0x30, 0x30) : QColor(0xe0, 0x80, 0x10));
            const QPoint tr = opt.rect.topRight();
            painter->drawPolygon(QPolygon({ tr, tr + QPoint(-9, 0), tr + QPoint(0, 9) }));
        }
        painter->restore();
    }
}

} // namespace Tessera::App
