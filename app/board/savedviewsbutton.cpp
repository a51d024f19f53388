#include "savedviewsbutton.h"

#include "opbuilder.h"

#include "core/models/boardstore.h"

#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace Tessera::App {

using namespace Tessera::Core;

SavedViewsButton::SavedViewsButton(BoardStore *store, std::function<QJsonObject()> currentConfig, QWidget *parent)
    : QToolButton(parent), m_store(store), m_currentConfig(std::move(currentConfig))
{
    setObjectName(QStringLiteral("savedViews"));
    setAccessibleName(tr("Saved views"));
    setPopupMode(QToolButton::InstantPopup);
    setAutoRaise(true);
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("savedViewsMenu"));
    setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, &SavedViewsButton::rebuildMenu);
    connect(m_store, &BoardStore::batchApplied, this, &SavedViewsButton::onBatchApplied);
    connect(m_store, &BoardStore::reset, this, &SavedViewsButton::refreshText);
    refreshText();
}

void SavedViewsButton::setCurrentUser(const QString &userId)
{
    m_me = userId;
}

bool SavedViewsButton::mayEdit() const
{
    const Role role = m_store->confirmed().roleOf(m_me);
    return role == Role::Owner || role == Role::Editor;
}

void SavedViewsButton::setCurrentView(const QString &viewId)
{
    m_current = m_store->confirmed().views.contains(viewId) ? viewId : QString();
    refreshText();
}

void SavedViewsButton::refreshText()
{
    const auto &views = m_store->confirmed().views;
    for (auto it = m_creating.begin(); it != m_creating.end();)
        it = views.contains(it.key()) ? m_creating.erase(it) : std::next(it);
    if (!m_current.isEmpty() && !views.contains(m_current) && !m_creating.contains(m_current))
        m_current.clear(); // deleted by someone: what is shown stays, it is no saved view any more
    const QString name = m_current.isEmpty() ? tr("All items")
                                             : (views.contains(m_current) ? views.value(m_current).name : m_creating.value(m_current));
    setText(fontMetrics().elidedText(name, Qt::ElideRight, fontMetrics().averageCharWidth() * 12));
    setAccessibleDescription(tr("Current view: %1").arg(name));
    setToolTip(tr("Saved views of this board (the same for every member). Shown: %1").arg(name));
}

void SavedViewsButton::onBatchApplied(const BatchChanges &changes)
{
    if (changes.viewsChanged || changes.membersChanged)
        refreshText();
}

void SavedViewsButton::saveAs(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return;
    const QString id = OpBuilder::newId();
    Op op;
    op.kind = OpKind::ViewCreate;
    op.args = { { QStringLiteral("viewId"), id }, { QStringLiteral("name"), trimmed.left(128) },
                { QStringLiteral("config"), m_currentConfig() } };
    m_creating.insert(id, trimmed.left(128));
    Q_EMIT opRequested(op);
    m_current = id;
    refreshText();
    Q_EMIT viewChosen(id, op.args.value(QStringLiteral("config")).toObject()); // what is shown is this view now
}

void SavedViewsButton::rebuildMenu()
{
    QMenu *m = menu();
    m->clear();
    const auto &views = m_store->confirmed().views;
    QList<SavedView> sorted = views.values();
    std::sort(sorted.begin(), sorted.end(),
              [](const SavedView &a, const SavedView &b) { return a.name.localeAwareCompare(b.name) < 0; });
    QAction *all = m->addAction(tr("All items"), this, [this] {
        m_current.clear();
        refreshText();
        Q_EMIT viewChosen(QString(), QJsonObject());
    });
    all->setCheckable(true);
    all->setChecked(m_current.isEmpty());
    for (const SavedView &v : std::as_const(sorted)) {
        const QString id = v.id;
        QAction *a = m->addAction(v.name, this, [this, id] {
            const SavedView view = m_store->confirmed().views.value(id);
            m_current = id;
            refreshText();
            Q_EMIT viewChosen(id, view.config);
        });
        a->setCheckable(true);
        a->setChecked(id == m_current);
    }
    m->addSeparator();
    const bool editable = mayEdit();
    const QString why = tr("Viewers cannot change the board's saved views");
    QAction *save = m->addAction(tr("Save current view as…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save view"), tr("Name of the view:"), QLineEdit::Normal,
                                                   QString(), &ok);
        if (ok)
            saveAs(name);
    });
    save->setEnabled(editable);
    if (!editable)
        save->setToolTip(why);
    if (m_current.isEmpty() || !views.contains(m_current))
        return;
    const SavedView current = views.value(m_current);
    QAction *update = m->addAction(tr("Update “%1” to what is shown", nullptr).arg(current.name), this, [this, current] {
        Op op;
        op.kind = OpKind::ViewUpdate;
        op.args = { { QStringLiteral("viewId"), current.id }, { QStringLiteral("config"), m_currentConfig() } };
        Q_EMIT opRequested(op);
    });
    QAction *rename = m->addAction(tr("Rename “%1”…").arg(current.name), this, [this, current] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename view"), tr("Name of the view:"), QLineEdit::Normal,
                                                   current.name, &ok).trimmed();
        if (!ok || name.isEmpty() || name == current.name)
            return;
        Op op;
        op.kind = OpKind::ViewUpdate;
        op.args = { { QStringLiteral("viewId"), current.id }, { QStringLiteral("name"), name.left(128) } };
        Q_EMIT opRequested(op);
    });
    QAction *remove = m->addAction(tr("Delete “%1”…").arg(current.name), this, [this, current] {
        if (QMessageBox::question(this, tr("Delete view"),
                                  tr("Delete the view “%1” for everyone on this board?").arg(current.name),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
            return;
        Op op;
        op.kind = OpKind::ViewDelete;
        op.args = { { QStringLiteral("viewId"), current.id } };
        Q_EMIT opRequested(op);
        m_current.clear();
        refreshText();
    });
    for (QAction *a : { update, rename, remove }) {
        a->setEnabled(editable);
        if (!editable)
            a->setToolTip(why);
    }
}

} // namespace Tessera::App
