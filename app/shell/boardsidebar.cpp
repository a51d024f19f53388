#include "boardsidebar.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Tessera::App {

namespace {
constexpr int BoardIdRole = Qt::UserRole;
constexpr int UnreadRole = Qt::UserRole + 1;

QIcon dotIcon(const QColor &color)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    if (color.isValid()) {
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(2, 2, 8, 8));
    }
    return QIcon(pm);
}

QString roleSentence(Core::Role role)
{
    switch (role) {
    case Core::Role::Owner: return BoardSidebar::tr("You are an owner");
    case Core::Role::Editor: return BoardSidebar::tr("You are an editor");
    case Core::Role::Viewer: return BoardSidebar::tr("You are a viewer");
    case Core::Role::None: break;
    }
    return QString();
}

void sortByName(QList<Core::BoardSummary> &boards)
{
    std::stable_sort(boards.begin(), boards.end(), [](const Core::BoardSummary &a, const Core::BoardSummary &b) {
        return QString::localeAwareCompare(a.board.name.toCaseFolded(), b.board.name.toCaseFolded()) < 0;
    });
}

// A name that gives way: elided to the room it gets, whole in its tooltip.
class ElidedLabel final : public QLabel
{
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override { return { 24, QLabel::minimumSizeHint().height() }; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setPen(palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, foregroundRole()));
        p.drawText(contentsRect(), Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(text(), Qt::ElideRight, contentsRect().width()));
    }
};

QToolButton *sectionToggle(const QString &objectName, QWidget *parent)
{
    auto *toggle = new QToolButton(parent);
    toggle->setObjectName(objectName);
    toggle->setCheckable(true);
    toggle->setAutoRaise(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QObject::connect(toggle, &QToolButton::toggled, toggle,
                     [toggle](bool open) { toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow); });
    return toggle;
}

} // namespace

BoardSidebar::BoardSidebar(QWidget *parent)
    : QWidget(parent)
    , m_newBoard(new QPushButton(tr("+ New board"), this))
    , m_archivedToggle(sectionToggle(QStringLiteral("archivedToggle"), this))
    , m_deletedToggle(sectionToggle(QStringLiteral("deletedToggle"), this))
    , m_deleted(new QWidget(this))
    , m_deletedLayout(new QVBoxLayout(m_deleted))
{
    setObjectName(QStringLiteral("boardSidebar"));
    m_newBoard->setObjectName(QStringLiteral("newBoardButton"));
    m_newBoard->setToolTip(tr("Create a board (Ctrl+Shift+N)"));
    m_newBoard->setFlat(true);
    m_newBoard->setStyleSheet(QStringLiteral("text-align: left; padding: 3px 6px;"));
    connect(m_newBoard, &QPushButton::clicked, this, &BoardSidebar::newBoardRequested);
    m_list = makeList(QStringLiteral("boardList"), tr("Boards"));
    m_archived = makeList(QStringLiteral("archivedBoardList"), tr("Archived boards"));
    m_archivedToggle->setAccessibleName(tr("Show archived boards"));
    m_deletedToggle->setAccessibleName(tr("Show recently deleted boards"));
    m_deletedToggle->setToolTip(tr("Boards deleted in the last 30 days: their owners can restore them"));
    m_deleted->setObjectName(QStringLiteral("deletedBoards"));
    m_deletedLayout->setContentsMargins(8, 0, 4, 0);
    m_deletedLayout->setSpacing(0);
    m_archived->setVisible(false);
    m_deleted->setVisible(false);
    connect(m_archivedToggle, &QToolButton::toggled, m_archived, &QWidget::setVisible);
    connect(m_deletedToggle, &QToolButton::toggled, m_deleted, &QWidget::setVisible);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_newBoard);
    layout->addWidget(m_list);
    layout->addSpacing(6);
    layout->addWidget(m_archivedToggle);
    layout->addWidget(m_archived);
    layout->addWidget(m_deletedToggle);
    layout->addWidget(m_deleted);
    layout->addStretch(1);
    refreshSections();
}

QListWidget *BoardSidebar::makeList(const QString &objectName, const QString &accessibleName)
{
    auto *list = new QListWidget(this);
    list->setObjectName(objectName);
    list->setAccessibleName(accessibleName);
    list->setFrameShape(QFrame::NoFrame);
    list->viewport()->setAutoFillBackground(false); // a sidebar on the window colour
    list->setIconSize(QSize(12, 12));
    list->setSpacing(1);
    list->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents); // as tall as its rows, then it scrolls
    list->setContextMenuPolicy(Qt::CustomContextMenu);
    list->viewport()->installEventFilter(this); // a right-click opens the menu, not the board
    connect(list, &QListWidget::currentItemChanged, this, [this, list](QListWidgetItem *item) {
        if (!item)
            return;
        QListWidget *other = list == m_list ? m_archived : m_list;
        {
            const QSignalBlocker blocker(other);
            other->setCurrentItem(nullptr);
            other->clearSelection();
        }
        m_current = item->data(BoardIdRole).toString();
        Q_EMIT boardChosen(m_current);
    });
    connect(list, &QListWidget::customContextMenuRequested, this, [this, list](const QPoint &pos) {
        QListWidgetItem *item = list->itemAt(pos);
        if (!item)
            item = list->currentItem(); // the Menu key
        if (item) {
            const QPoint at = list->visualItemRect(item).contains(pos) ? pos : list->visualItemRect(item).center();
            Q_EMIT boardMenuRequested(item->data(BoardIdRole).toString(), list->viewport()->mapToGlobal(at));
        }
    });
    return list;
}

bool BoardSidebar::eventFilter(QObject *watched, QEvent *event)
{
    const auto type = event->type();
    if (type == QEvent::MouseButtonPress || type == QEvent::MouseButtonRelease || type == QEvent::MouseButtonDblClick)
        return static_cast<QMouseEvent *>(event)->button() == Qt::RightButton; // the context menu event still comes
    return QWidget::eventFilter(watched, event);
}

void BoardSidebar::setBoards(const QList<Core::BoardSummary> &boards, const QString &currentId)
{
    m_server = boards;
    m_current = currentId;
    QSet<QString> listed;
    for (const Core::BoardSummary &b : boards)
        listed.insert(b.board.id);
    m_created.removeIf([&listed](const Core::BoardSummary &b) { return listed.contains(b.board.id); });
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        const auto shown = std::find_if(boards.begin(), boards.end(),
                                        [&it](const Core::BoardSummary &b) { return b.board.id == it.key(); });
        const bool known = shown != boards.end() || std::any_of(m_created.begin(), m_created.end(), [&it](const Core::BoardSummary &b) {
                               return b.board.id == it.key();
                           });
        if (it->waiting == 0 || !known || (shown != boards.end() && matches(*shown, it->change)))
            it = m_pending.erase(it);
        else
            ++it;
    }
    rebuild();
}

bool BoardSidebar::matches(const Core::BoardSummary &b, const LocalChange &c)
{
    return (!c.name || *c.name == b.board.name) && (!c.description || *c.description == b.board.description)
            && (!c.archived || *c.archived == b.board.archived) && (!c.deleted || *c.deleted == !b.board.deletedAt.isEmpty());
}

QList<Core::BoardSummary> BoardSidebar::shownBoards() const
{
    QList<Core::BoardSummary> boards = m_server;
    boards.append(m_created);
    for (Core::BoardSummary &b : boards) {
        const auto it = m_pending.constFind(b.board.id);
        if (it == m_pending.constEnd())
            continue;
        const LocalChange &c = it->change;
        if (c.name)
            b.board.name = *c.name;
        if (c.description)
            b.board.description = *c.description;
        if (c.archived)
            b.board.archived = *c.archived;
        if (c.deleted)
            b.board.deletedAt = *c.deleted ? (b.board.deletedAt.isEmpty() ? Core::nowIso() : b.board.deletedAt) : QString();
    }
    return boards;
}

std::optional<Core::BoardSummary> BoardSidebar::board(const QString &boardId) const
{
    for (const Core::BoardSummary &b : shownBoards()) {
        if (b.board.id == boardId)
            return b;
    }
    return std::nullopt;
}

void BoardSidebar::rebuild()
{
    QList<Core::BoardSummary> active, archived, deleted;
    for (const Core::BoardSummary &b : shownBoards()) {
        if (!b.board.deletedAt.isEmpty()) {
            if (b.role == Core::Role::Owner)
                deleted.append(b);
        } else if (b.board.archived) {
            archived.append(b);
        } else {
            active.append(b);
        }
    }
    sortByName(active);
    sortByName(archived);
    sortByName(deleted);
    fill(m_list, active);
    fill(m_archived, archived);
    fillDeleted(deleted);
    if (m_archived->currentItem())
        m_archivedToggle->setChecked(true); // the open board is archived: show where it is
    refreshSections();
}

void BoardSidebar::fill(QListWidget *list, const QList<Core::BoardSummary> &boards)
{
    const QSignalBlocker blocker(list);
    list->clear();
    for (const Core::BoardSummary &b : boards) {
        auto *item = new QListWidgetItem(b.board.name, list);
        item->setData(BoardIdRole, b.board.id);
        item->setIcon(dotIcon(QColor()));
        QStringList tip;
        if (!b.board.description.isEmpty())
            tip << b.board.description;
        if (b.board.archived)
            tip << tr("Archived");
        tip << roleSentence(b.role);
        item->setToolTip(Qt::convertFromPlainText(tip.join(QLatin1Char('\n')), Qt::WhiteSpaceNormal)); // names and descriptions are plain text
        if (b.board.id == m_current)
            list->setCurrentItem(item);
    }
    applyUnread(list);
}

void BoardSidebar::fillDeleted(const QList<Core::BoardSummary> &boards)
{
    for (QWidget *row : m_deleted->findChildren<QWidget *>(Qt::FindDirectChildrenOnly)) {
        row->hide();
        row->setParent(nullptr);
        row->deleteLater(); // this may run inside its Restore button's click
    }
    m_restoreButtons.clear();
    for (const Core::BoardSummary &b : boards) {
        auto *row = new QWidget(m_deleted);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(4, 0, 0, 0);
        auto *name = new ElidedLabel(b.board.name, row);
        name->setTextFormat(Qt::PlainText);
        name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        name->setEnabled(false); // greyed: it is gone until restored
        const QDateTime at = QDateTime::fromString(b.board.deletedAt, Qt::ISODateWithMs);
        name->setToolTip(Qt::convertFromPlainText(
            at.isValid() ? tr("%1: deleted on %2. It can be restored for 30 days.")
                               .arg(b.board.name, QLocale().toString(at.toLocalTime(), QLocale::ShortFormat))
                         : tr("%1: deleted. It can be restored for 30 days.").arg(b.board.name),
            Qt::WhiteSpaceNormal));
        auto *restore = new QToolButton(row);
        restore->setText(tr("Restore"));
        restore->setAutoRaise(true);
        restore->setAccessibleName(tr("Restore “%1”").arg(b.board.name));
        restore->setToolTip(Qt::convertFromPlainText(restore->accessibleName(), Qt::WhiteSpaceNormal));
        const QString id = b.board.id;
        connect(restore, &QToolButton::clicked, this, [this, id] { Q_EMIT restoreRequested(id); });
        rowLayout->addWidget(name, 1);
        rowLayout->addWidget(restore);
        m_deletedLayout->addWidget(row);
        m_restoreButtons.insert(id, restore);
    }
}

void BoardSidebar::refreshSections()
{
    const int archived = m_archived->count();
    const int deleted = int(m_restoreButtons.size());
    m_archivedToggle->setText(tr("Archived (%1)").arg(archived));
    m_archivedToggle->setVisible(archived > 0);
    m_archived->setVisible(archived > 0 && m_archivedToggle->isChecked());
    m_deletedToggle->setText(tr("Recently deleted (%1)").arg(deleted));
    m_deletedToggle->setVisible(deleted > 0);
    m_deleted->setVisible(deleted > 0 && m_deletedToggle->isChecked());
}

void BoardSidebar::clear()
{
    m_server.clear();
    m_created.clear();
    m_pending.clear();
    m_unread.clear();
    m_current.clear();
    rebuild();
}

void BoardSidebar::setCurrentBoard(const QString &boardId)
{
    m_current = boardId;
    for (QListWidget *list : { m_list, m_archived }) {
        const QSignalBlocker blocker(list);
        list->setCurrentItem(nullptr);
        list->clearSelection();
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->data(BoardIdRole).toString() == boardId)
                list->setCurrentRow(i);
        }
    }
    if (m_archived->currentItem())
        m_archivedToggle->setChecked(true);
}

void BoardSidebar::setUnreadBoards(const QSet<QString> &boardIds)
{
    m_unread = boardIds;
    applyUnread(m_list);
    applyUnread(m_archived);
}

void BoardSidebar::applyUnread(QListWidget *list)
{
    const QColor dot(0xd9, 0x30, 0x25); // the bell's red, so it also shows on the selected row
    for (int i = 0; i < list->count(); ++i) {
        QListWidgetItem *row = list->item(i);
        const bool unread = m_unread.contains(row->data(BoardIdRole).toString());
        row->setData(UnreadRole, unread);
        row->setIcon(dotIcon(unread ? dot : QColor()));
        QFont bold = list->font();
        bold.setBold(unread);
        row->setFont(bold);
    }
}

bool BoardSidebar::hasUnreadDot(const QString &boardId) const
{
    for (const QListWidget *list : { m_list, m_archived }) {
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->data(BoardIdRole).toString() == boardId)
                return list->item(i)->data(UnreadRole).toBool();
    }
    return false;
}

int BoardSidebar::count() const
{
    return m_list->count();
}

QString BoardSidebar::boardIdAt(int row) const
{
    return row >= 0 && row < m_list->count() ? m_list->item(row)->data(BoardIdRole).toString() : QString();
}

QStringList BoardSidebar::boardNames() const
{
    QStringList names;
    for (int i = 0; i < m_list->count(); ++i)
        names << m_list->item(i)->text();
    return names;
}

QStringList BoardSidebar::archivedNames() const
{
    QStringList names;
    for (int i = 0; i < m_archived->count(); ++i)
        names << m_archived->item(i)->text();
    return names;
}

QStringList BoardSidebar::deletedNames() const
{
    QStringList names;
    for (const Core::BoardSummary &b : shownBoards()) {
        if (!b.board.deletedAt.isEmpty() && m_restoreButtons.contains(b.board.id))
            names << b.board.name;
    }
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a.toCaseFolded(), b.toCaseFolded()) < 0;
    });
    return names;
}

void BoardSidebar::addCreatedBoard(const Core::BoardSummary &board)
{
    const bool listed = std::any_of(m_server.begin(), m_server.end(),
                                    [&board](const Core::BoardSummary &b) { return b.board.id == board.board.id; });
    if (!listed)
        m_created.append(board);
    rebuild();
}

void BoardSidebar::setLocalChange(const QString &boardId, const LocalChange &change)
{
    Pending &p = m_pending[boardId];
    ++p.waiting;
    if (change.name)
        p.change.name = change.name;
    if (change.description)
        p.change.description = change.description;
    if (change.archived)
        p.change.archived = change.archived;
    if (change.deleted)
        p.change.deleted = change.deleted;
    rebuild();
}

void BoardSidebar::markSettled(const QString &boardId)
{
    const auto it = m_pending.find(boardId);
    if (it != m_pending.end() && it->waiting > 0)
        --it->waiting;
}

void BoardSidebar::dropLocalChange(const QString &boardId)
{
    if (m_pending.remove(boardId))
        rebuild();
}

QToolButton *BoardSidebar::restoreButton(const QString &boardId) const
{
    return m_restoreButtons.value(boardId);
}

} // namespace Tessera::App
