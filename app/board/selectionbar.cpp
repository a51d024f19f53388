#include "selectionbar.h"

#include <QDate>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QToolButton>

#include <algorithm>

namespace Tessera::App {

using namespace Tessera::Core;

SelectionBar::SelectionBar(BoardStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_count(new QLabel(this)), m_set(new QToolButton(this)), m_delete(new QToolButton(this))
{
    setObjectName(QStringLiteral("selectionBar"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(10, 4, 10, 4);
    m_count->setObjectName(QStringLiteral("selectionCount"));
    row->addWidget(m_count);
    m_set->setObjectName(QStringLiteral("setOnSelection"));
    m_set->setText(tr("Set"));
    m_set->setAccessibleName(tr("Set a field on the selected items"));
    m_set->setPopupMode(QToolButton::InstantPopup);
    auto *setMenu = new QMenu(m_set);
    setMenu->setObjectName(QStringLiteral("setOnSelectionMenu"));
    m_set->setMenu(setMenu);
    connect(setMenu, &QMenu::aboutToShow, this, [this, setMenu] { fillSetMenu(setMenu); });
    row->addWidget(m_set);
    m_delete->setObjectName(QStringLiteral("deleteSelection"));
    m_delete->setText(tr("Delete"));
    m_delete->setAccessibleName(tr("Delete the selected items"));
    connect(m_delete, &QToolButton::clicked, this, &SelectionBar::deleteRequested);
    row->addWidget(m_delete);
    auto *clear = new QToolButton(this);
    clear->setObjectName(QStringLiteral("clearSelection"));
    clear->setText(tr("Clear selection"));
    clear->setAutoRaise(true);
    clear->setAccessibleName(tr("Clear the selection"));
    connect(clear, &QToolButton::clicked, this, &SelectionBar::clearRequested);
    row->addWidget(clear);
    row->addStretch();
    connect(m_store, &BoardStore::batchApplied, this, [this](const BatchChanges &changes) {
        if (changes.membersChanged)
            refreshButtons(); // a role changed
    });
    hide();
}

void SelectionBar::setCurrentUser(const QString &userId)
{
    m_me = userId;
    refreshButtons();
}

void SelectionBar::setCount(int selected)
{
    m_count->setText(tr("%n selected", nullptr, selected));
    setVisible(selected > 1);
    refreshButtons();
}

bool SelectionBar::mayEdit() const
{
    const Role role = m_store->confirmed().roleOf(m_me);
    return role == Role::Owner || role == Role::Editor;
}

void SelectionBar::refreshButtons()
{
    // Viewers may select and look, not change: the buttons say why.
    const bool editable = mayEdit();
    const QString why = tr("Viewers cannot change items on this board");
    m_set->setEnabled(editable);
    m_set->setToolTip(editable ? tr("Set a field on every selected item (one change, one undo)") : why);
    m_delete->setEnabled(editable);
    m_delete->setToolTip(editable ? tr("Delete the selected items (Ctrl+Z brings them back)") : why);
}

void SelectionBar::fillSetMenu(QMenu *menu)
{
    menu->clear();
    for (const Column &c : m_store->confirmed().columns) {
        const QString id = c.id;
        QMenu *sub = menu->addMenu(c.name);
        switch (c.type) {
        case ColumnType::Status:
            for (const StatusOption &o : c.options)
                sub->addAction(o.label, this, [this, id, o] { Q_EMIT setFieldRequested(id, o.id); });
            sub->addAction(tr("No status"), this, [this, id] { Q_EMIT setFieldRequested(id, QJsonValue()); });
            break;
        case ColumnType::Person: {
            if (!m_me.isEmpty())
                sub->addAction(tr("Me"), this, [this, id] { Q_EMIT setFieldRequested(id, m_me); });
            QList<Member> members = m_store->confirmed().members.values();
            std::sort(members.begin(), members.end(),
                      [](const Member &a, const Member &b) { return a.displayName.localeAwareCompare(b.displayName) < 0; });
            for (const Member &member : std::as_const(members)) {
                const QString userId = member.userId;
                sub->addAction(m_store->memberName(userId), this, [this, id, userId] { Q_EMIT setFieldRequested(id, userId); });
            }
            sub->addAction(tr("Nobody"), this, [this, id] { Q_EMIT setFieldRequested(id, QJsonValue()); });
            break;
        }
        case ColumnType::Date: {
            const QDate today = QDate::currentDate();
            sub->addAction(tr("Today"), this, [this, id, today] { Q_EMIT setFieldRequested(id, today.toString(Qt::ISODate)); });
            sub->addAction(tr("Tomorrow"), this,
                           [this, id, today] { Q_EMIT setFieldRequested(id, today.addDays(1).toString(Qt::ISODate)); });
            sub->addAction(tr("In a week"), this,
                           [this, id, today] { Q_EMIT setFieldRequested(id, today.addDays(7).toString(Qt::ISODate)); });
            sub->addAction(tr("Pick a date…"), this, [this, id, name = c.name] {
                bool ok = false;
                const QString text = QInputDialog::getText(this, tr("Set %1").arg(name), tr("Date (yyyy-mm-dd):"),
                                                           QLineEdit::Normal, QDate::currentDate().toString(Qt::ISODate), &ok);
                const QDate date = QDate::fromString(text.trimmed(), Qt::ISODate);
                if (ok && date.isValid())
                    Q_EMIT setFieldRequested(id, date.toString(Qt::ISODate));
                else if (ok)
                    Q_EMIT messageShown(tr("“%1” is not a date like 2026-12-31.").arg(text));
            });
            sub->addAction(tr("No date"), this, [this, id] { Q_EMIT setFieldRequested(id, QJsonValue()); });
            break;
        }
        case ColumnType::Checkbox:
            sub->addAction(tr("Checked"), this, [this, id] { Q_EMIT setFieldRequested(id, true); });
            sub->addAction(tr("Not checked"), this, [this, id] { Q_EMIT setFieldRequested(id, false); });
            break;
        case ColumnType::Text:
        case ColumnType::Number: {
            const bool number = c.type == ColumnType::Number;
            sub->addAction(tr("Set to…"), this, [this, id, number, name = c.name] {
                bool ok = false;
                const QString text = QInputDialog::getText(this, tr("Set %1").arg(name), tr("%1:").arg(name),
                                                           QLineEdit::Normal, QString(), &ok);
                if (!ok)
                    return;
                if (!number) {
                    Q_EMIT setFieldRequested(id, text.isEmpty() ? QJsonValue() : QJsonValue(text));
                    return;
                }
                bool isNumber = false;
                const double value = QLocale().toDouble(text, &isNumber);
                if (isNumber || text.isEmpty())
                    Q_EMIT setFieldRequested(id, text.isEmpty() ? QJsonValue() : QJsonValue(value));
                else
                    Q_EMIT messageShown(tr("“%1” is not a number.").arg(text));
            });
            sub->addAction(tr("Clear"), this, [this, id] { Q_EMIT setFieldRequested(id, QJsonValue()); });
            break;
        }
        }
    }
}

} // namespace Tessera::App
