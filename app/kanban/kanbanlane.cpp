#include "kanbanlane.h"

#include "app/board/fieldeditors.h"
#include "lanelistview.h"

#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"

#include <QTextDocument>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {

KanbanLane::KanbanLane(Core::KanbanLaneModel *model, const QString &title, const QString &color, QWidget *parent)
    : QFrame(parent), m_model(model), m_list(new LaneListView(this)), m_collapse(new QToolButton(this)),
      m_title(new QLabel(title, this)), m_count(new QLabel(this)), m_add(new QToolButton(this))
{
    setObjectName(QStringLiteral("kanbanLane"));
    setFrameShape(QFrame::StyledPanel);

    m_collapse->setAutoRaise(true);
    m_collapse->setArrowType(Qt::DownArrow);
    m_collapse->setToolTip(tr("Collapse lane"));
    m_collapse->setAccessibleName(tr("Collapse %1").arg(title));
    connect(m_collapse, &QToolButton::clicked, this, [this] { setCollapsed(!m_collapsed); });
    auto *dot = new QLabel(this);
    dot->setPixmap(FieldEditors::swatch(color.isEmpty() ? QStringLiteral("#9aa0a6") : color, 12).pixmap(12, 12));
    m_title->setTextFormat(Qt::PlainText); // a status label or a person's name, never markup
    m_title->setAccessibleName(title);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_count->setForegroundRole(QPalette::PlaceholderText);
    m_add->setAutoRaise(true);
    m_add->setText(QStringLiteral("+"));
    m_add->setToolTip(Qt::convertFromPlainText(tr("New card in “%1”").arg(title))); // the title is plain text
    m_add->setAccessibleName(tr("New card in %1").arg(title));
    m_list->setAccessibleName(tr("Cards in %1").arg(title));
    connect(m_add, &QToolButton::clicked, this, [this] { Q_EMIT newCardRequested(optionId()); });

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 2, 4, 2);
    header->setSpacing(6);
    header->addWidget(m_collapse);
    header->addWidget(dot);
    header->addWidget(m_title);
    header->addWidget(m_count);
    header->addStretch();
    header->addWidget(m_add);

    m_list->setModel(m_model);
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT cardActivated(index.data(Core::ItemTableModel::ItemIdRole).toString());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_list, 1);
    layout->addStretch(0); // takes the height when the lane is collapsed
    setMinimumWidth(240);
    setMaximumWidth(320);

    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &KanbanLane::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &KanbanLane::updateCount);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &KanbanLane::updateCount);
    updateCount();
}

void KanbanLane::paintEvent(QPaintEvent *event)
{
    // The lane's tint is worked out from the palette at every paint, so a switch between
    // light and dark takes effect at once (an explicitly set palette would keep the old one).
    QPainter painter(this);
    const QColor window = palette().window().color();
    painter.fillRect(rect(), window.lightnessF() < 0.5 ? window.lighter(125) : window.darker(106));
    painter.end();
    QFrame::paintEvent(event);
}

QString KanbanLane::optionId() const
{
    return m_model->optionId();
}

void KanbanLane::setCollapsed(bool collapsed)
{
    m_collapsed = collapsed;
    m_list->setVisible(!collapsed);
    m_add->setVisible(!collapsed);
    m_collapse->setArrowType(collapsed ? Qt::RightArrow : Qt::DownArrow);
    m_collapse->setToolTip(collapsed ? tr("Expand lane") : tr("Collapse lane"));
    m_collapse->setAccessibleName(collapsed ? tr("Expand %1").arg(m_title->text()) : tr("Collapse %1").arg(m_title->text()));
    setMinimumWidth(collapsed ? 140 : 240);
    setMaximumWidth(collapsed ? 200 : 320);
    if (auto *box = qobject_cast<QVBoxLayout *>(layout()))
        box->setStretch(2, collapsed ? 1 : 0);
}

void KanbanLane::updateCount()
{
    m_count->setText(QString::number(m_model->rowCount()));
}

} // namespace Tessera::App
