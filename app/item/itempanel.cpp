#include "itempanel.h"

#include "attachmentssection.h"

#include "app/board/datefield.h"
#include "descriptionedit.h"
#include "app/board/fieldeditors.h"
#include "mentionedit.h"
#include "app/board/opbuilder.h"
#include "app/board/presenceavatars.h"
#include "richtext.h"

#include "core/models/boardstore.h"
#include "core/models/commentsmodel.h"
#include "core/models/presencemodel.h"
#include "core/models/itemfilter.h"

#include <QCheckBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFocusEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

QString timeText(const QString &iso)
{
    const QDateTime when = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!when.isValid())
        return iso;
    const QDateTime local = when.toLocalTime();
    const QLocale locale;
    const QString day = local.date() == QDate::currentDate() ? ItemPanel::tr("today")
                                                             : locale.toString(local.date(), QStringLiteral("d MMM"));
    return ItemPanel::tr("%1, %2").arg(day, locale.toString(local.time(), QLocale::ShortFormat));
}

QLabel *sectionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

ItemPanel::ItemPanel(BoardStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_title(new QLabel(this)), m_presence(new QLabel(this)),
      m_banner(new QFrame(this)), m_bannerText(new QLabel(m_banner)), m_form(new QFormLayout),
      m_editNotice(new QLabel(this)), m_description(new DescriptionEdit(this)),
      m_comments(new QWidget), m_commentsLayout(new QVBoxLayout(m_comments)), m_commentEdit(new MentionEdit(this)),
      m_send(new QPushButton(tr("Send"), this)), m_historyLabel(new QLabel(tr("History"), this)),
      m_history(new QListWidget(this)), m_attachments(new AttachmentsSection(store, this))
{
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close (Esc)"));
    close->setAccessibleName(tr("Close the item"));
    close->setObjectName(QStringLiteral("closeItem"));
    connect(close, &QToolButton::clicked, this, &ItemPanel::closeRequested);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(close, 0, Qt::AlignTop);
    m_presence->setForegroundRole(QPalette::PlaceholderText);
    m_presence->setTextFormat(Qt::PlainText);

    // Conflict banner.
    m_banner->setObjectName(QStringLiteral("conflictBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xe8, 0xc2));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x5a, 0x36, 0x00));
    m_banner->setPalette(bannerPalette);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText);
    auto *keepMine = new QPushButton(tr("Keep mine"), m_banner);
    keepMine->setObjectName(QStringLiteral("keepMine"));
    auto *takeTheirs = new QPushButton(tr("Take theirs"), m_banner);
    takeTheirs->setObjectName(QStringLiteral("takeTheirs"));
    connect(keepMine, &QPushButton::clicked, this, [this] { Q_EMIT keepMineRequested(m_conflictMutation); });
    connect(takeTheirs, &QPushButton::clicked, this, [this] { Q_EMIT takeTheirsRequested(m_conflictMutation); });
    // Text over the buttons, so the explanation gets the panel's whole width.
    auto *bannerLayout = new QVBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText);
    auto *bannerButtons = new QHBoxLayout;
    bannerButtons->addWidget(keepMine);
    bannerButtons->addWidget(takeTheirs);
    bannerButtons->addStretch();
    bannerLayout->addLayout(bannerButtons);
    m_banner->hide();

    m_editNotice->setObjectName(QStringLiteral("editNotice"));
    m_editNotice->setWordWrap(true);
    m_editNotice->setTextFormat(Qt::PlainText);
    m_editNotice->setAutoFillBackground(true);
    m_editNotice->setMargin(6);
    m_editNotice->setPalette(bannerPalette);
    m_editNotice->hide();

    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    const QString descriptionKey = Item::descriptionKey();
    connect(m_description, &DescriptionEdit::editingStarted, this, [this, descriptionKey] {
        beginEdit(descriptionKey);
        Q_EMIT editingFieldChanged(descriptionKey);
    });
    connect(m_description, &DescriptionEdit::committed, this, [this, descriptionKey](const QString &text) {
        const Item *item = m_store->itemPtr(m_itemId);
        if (!item)
            return;
        const QJsonValue value = text.trimmed().isEmpty() ? QJsonValue() : QJsonValue(text);
        const QJsonValue old = item->fields.value(descriptionKey);
        if (value == old || (value.isNull() && (old.isNull() || old.isUndefined())))
            return;
        Q_EMIT opRequested(OpBuilder::updateItem(*m_store, m_itemId, { { descriptionKey, value } }, m_editBase));
    });
    connect(m_description, &DescriptionEdit::editingEnded, this, [this] {
        m_editColumn.clear();
        refreshEditNotice();
        refreshValues();
        Q_EMIT editingFieldChanged(QString());
    });

    m_commentsLayout->setContentsMargins(0, 0, 0, 0);
    m_commentsLayout->setSpacing(10);
    m_commentsLayout->addStretch();
    m_commentEdit->setFixedHeight(m_commentEdit->fontMetrics().height() * 4 + 12);
    m_commentEdit->setObjectName(QStringLiteral("commentEdit"));
    m_commentEdit->setAccessibleName(tr("New comment"));
    m_send->setObjectName(QStringLiteral("sendComment"));
    connect(m_commentEdit, &MentionEdit::submitRequested, this, &ItemPanel::sendComment);
    connect(m_send, &QPushButton::clicked, this, &ItemPanel::sendComment);
    auto *sendRow = new QHBoxLayout;
    sendRow->addStretch();
    sendRow->addWidget(m_send);
    m_history->setObjectName(QStringLiteral("itemHistory"));
    m_history->setAccessibleName(tr("History"));
    m_history->setFrameShape(QFrame::NoFrame);
    m_history->setMaximumHeight(140);
    m_history->setWordWrap(true);

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(14, 12, 14, 12);
    column->setSpacing(8);
    column->addLayout(titleRow);
    column->addWidget(m_presence);
    column->addWidget(m_banner);
    column->addLayout(m_form);
    column->addWidget(sectionLabel(tr("Description"), content));
    column->addWidget(m_description);
    column->addWidget(m_editNotice);
    column->addSpacing(6);
    column->addWidget(sectionLabel(tr("Comments"), content));
    column->addWidget(m_comments);
    column->addWidget(m_commentEdit);
    column->addLayout(sendRow);
    column->addSpacing(6);
    column->addWidget(sectionLabel(tr("Attachments"), content));
    column->addWidget(m_attachments);
    QFont bold = m_historyLabel->font();
    bold.setBold(true);
    m_historyLabel->setFont(bold);
    column->addWidget(m_historyLabel);
    column->addWidget(m_history);
    column->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    setMinimumWidth(300);

    connect(m_attachments, &AttachmentsSection::opRequested, this, &ItemPanel::opRequested);
    setAcceptDrops(true); // files dropped anywhere on the panel are attached
    connect(m_store, &BoardStore::batchApplied, this, &ItemPanel::onBatchApplied);
    connect(m_store, &BoardStore::reset, this, [this] {
        rebuildEditors();
        refreshValues();
    });
    connect(m_store, &BoardStore::mutationsChanged, this, &ItemPanel::refreshBanner);
    rebuildEditors();
    setItem(QString());
}

ItemPanel::~ItemPanel() = default;

void ItemPanel::setCurrentUser(const QString &userId)
{
    m_me = userId;
    refreshPresence();
}

void ItemPanel::focusTitle()
{
    for (const Column &column : m_store->columns()) {
        if (column.type != ColumnType::Text)
            continue;
        if (auto *edit = qobject_cast<QLineEdit *>(m_editors.value(column.id))) {
            edit->setFocus(Qt::OtherFocusReason);
            edit->selectAll();
        }
        return;
    }
}

void ItemPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (!m_itemId.isEmpty() && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ItemPanel::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            m_attachments->attachFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

void ItemPanel::setItem(const QString &itemId)
{
    if (itemId != m_itemId)
        m_editColumn.clear();
    m_itemId = itemId;
    m_attachments->setItem(itemId);
    // The item's comments (mine on their way included) and who is on it, as live models.
    m_commentsModel = std::make_unique<CommentsModel>(m_store, itemId);
    m_presenceModel = std::make_unique<PresenceModel>(m_store, itemId);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_commentsModel.get(), signal, this, &ItemPanel::refreshComments);
    connect(m_commentsModel.get(), &QAbstractItemModel::dataChanged, this, &ItemPanel::refreshComments);
    connect(m_commentsModel.get(), &QAbstractItemModel::modelReset, this, &ItemPanel::refreshComments);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_presenceModel.get(), signal, this, &ItemPanel::refreshPresence);
    connect(m_presenceModel.get(), &QAbstractItemModel::dataChanged, this, &ItemPanel::refreshPresence);
    setHistory({});
    m_commentEdit->clear();
    m_editingComment.clear();
    m_commentDraft.clear();
    refreshValues();
    refreshPresence();
    refreshBanner();
    refreshComments();
}

void ItemPanel::rebuildEditors()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    QStringList logins;
    QStringList names;
    for (const Member &member : m_store->confirmed().members) {
        logins.append(member.login);
        names.append(member.displayName);
    }
    m_commentEdit->setMembers(logins, names);
    for (const Column &column : m_store->columns()) {
        QWidget *editor = FieldEditors::create(column, *m_store, this);
        editor->installEventFilter(this);
        const QString id = column.id;
        if (auto *date = qobject_cast<DateField *>(editor))
            connect(date, &DateField::datePicked, this, [this, id] { commit(id); });
        if (auto *line = qobject_cast<QLineEdit *>(editor))
            connect(line, &QLineEdit::editingFinished, this, [this, id] { commit(id); });
        else if (auto *combo = qobject_cast<QComboBox *>(editor))
            connect(combo, &QComboBox::activated, this, [this, id] { commit(id); });
        else if (auto *box = qobject_cast<QCheckBox *>(editor))
            connect(box, &QCheckBox::toggled, this, [this, id] { commit(id); });
        m_editors.insert(column.id, editor);
        auto *label = new QLabel(column.name); // a column name is plain text, never markup
        label->setTextFormat(Qt::PlainText);
        m_form->addRow(label, editor);
    }
}

void ItemPanel::refreshValues()
{
    const Item *item = m_store->itemPtr(m_itemId);
    setEnabled(true);
    m_updating = true;
    QString title;
    for (const Column &column : m_store->columns()) {
        QWidget *editor = m_editors.value(column.id);
        if (!editor)
            continue;
        editor->setEnabled(item != nullptr);
        const QJsonValue value = item ? item->fields.value(column.id) : QJsonValue();
        if (title.isEmpty() && column.type == ColumnType::Text)
            title = value.toString();
        if (!editor->hasFocus())
            FieldEditors::setValue(editor, column, value.isUndefined() ? QJsonValue() : value);
    }
    m_description->setEnabled(item != nullptr);
    m_description->setText(item ? item->fields.value(Item::descriptionKey()).toString() : QString());
    m_updating = false;
    refreshEditNotice();
    m_title->setText(item ? (title.isEmpty() ? tr("(untitled)") : title) : tr("No item selected"));
    m_commentEdit->setEnabled(item != nullptr);
    m_send->setEnabled(item != nullptr);
}

void ItemPanel::refreshPresence()
{
    QStringList parts;
    for (int row = 0; m_presenceModel && row < m_presenceModel->rowCount(); ++row) {
        const QModelIndex p = m_presenceModel->index(row);
        const QString userId = p.data(PresenceModel::UserIdRole).toString();
        if (userId == m_me)
            continue;
        const QString displayName = p.data(PresenceModel::DisplayNameRole).toString();
        const QString name = displayName.isEmpty() ? m_store->memberName(userId) : displayName;
        const Column *column = m_store->confirmed().column(p.data(PresenceModel::FieldRole).toString());
        if (p.data(PresenceModel::StateRole).toString() == QLatin1String("editing"))
            parts.append(column ? tr("%1 is editing %2").arg(name, column->name) : tr("%1 is editing").arg(name));
        else
            parts.append(tr("%1 is viewing").arg(name));
    }
    m_presence->setText(parts.join(QStringLiteral(" · ")));
    m_presence->setVisible(!parts.isEmpty());
}

QString ItemPanel::presenceText() const
{
    return m_presence->text();
}

void ItemPanel::refreshBanner()
{
    m_conflictMutation.clear();
    QString text;
    for (const LocalMutation &mutation : m_store->mutationsOf(m_itemId)) {
        if (mutation.state != ItemState::Conflict)
            continue;
        m_conflictMutation = mutation.mutationId;
        QStringList fields;
        const QJsonObject mine = mutation.event.payload.value(QStringLiteral("fields")).toObject();
        for (auto it = mine.begin(); it != mine.end(); ++it) {
            const QJsonValue theirs = mutation.theirs ? mutation.theirs->fields.value(it.key()) : QJsonValue();
            if (it.key() == Item::descriptionKey()) {
                fields.append(tr("Description: yours “%1”, theirs “%2”")
                                      .arg(it.value().toString().left(80), theirs.toString().left(80)));
                continue;
            }
            const Column *column = m_store->confirmed().column(it.key());
            if (!column)
                continue;
            fields.append(tr("%1: yours “%2”, theirs “%3”")
                                  .arg(column->name, displayText(*column, it.value(), *m_store),
                                       mutation.theirs ? displayText(*column, theirs, *m_store) : QString()));
        }
        text = tr("Someone changed this item while you were editing it.") + QLatin1Char('\n') + fields.join(QLatin1Char('\n'));
        break;
    }
    m_bannerText->setText(text);
    m_banner->setVisible(!m_conflictMutation.isEmpty());
}

void ItemPanel::refreshComments()
{
    // An edit in progress survives the rebuild (someone else's comment may arrive meanwhile).
    if (auto *draft = m_comments->findChild<MentionEdit *>(QStringLiteral("commentEditDraft")))
        m_commentDraft = draft->toPlainText();
    while (QLayoutItem *child = m_commentsLayout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    QStringList logins;
    QStringList names;
    for (const Member &member : m_store->confirmed().members) {
        logins.append(member.login);
        names.append(member.displayName);
    }
    const bool owner = m_store->confirmed().roleOf(m_me) == Role::Owner;
    const QString link = palette().link().color().name();
    bool editing = false;
    for (int i = 0; m_commentsModel && i < m_commentsModel->rowCount(); ++i) {
        const QModelIndex c = m_commentsModel->index(i);
        const QString id = c.data(CommentsModel::IdRole).toString();
        const QString author = c.data(CommentsModel::AuthorRole).toString();
        const bool pending = c.data(CommentsModel::PendingRole).toBool();
        QString when = timeText(c.data(CommentsModel::CreatedAtRole).toString());
        if (c.data(CommentsModel::FailedRole).toBool())
            when = tr("not sent");
        else if (pending)
            when = tr("sending…");
        else if (!c.data(CommentsModel::EditedAtRole).toString().isEmpty())
            when = tr("%1 · edited").arg(when);
        auto *box = new QWidget(m_comments);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(8);
        auto *avatar = new PresenceAvatars(box);
        avatar->setPresence({ Presence { author, m_store->memberName(author), {}, {}, {}, {} } });
        row->addWidget(avatar, 0, Qt::AlignTop);
        auto *body = new QVBoxLayout;
        body->setSpacing(2);
        row->addLayout(body, 1);
        const QString name = m_store->memberName(author);
        if (id == m_editingComment) {
            editing = true;
            auto *edit = new MentionEdit(box);
            edit->setObjectName(QStringLiteral("commentEditDraft"));
            edit->setAccessibleName(tr("Edit your comment"));
            edit->setMembers(logins, names);
            edit->setPlainText(m_commentDraft);
            edit->setFixedHeight(edit->fontMetrics().height() * 4 + 12);
            auto *save = new QPushButton(tr("Save"), box);
            save->setObjectName(QStringLiteral("saveCommentEdit"));
            auto *cancel = new QPushButton(tr("Cancel"), box);
            cancel->setObjectName(QStringLiteral("cancelCommentEdit"));
            const auto finish = [this, id, edit](bool keep) {
                const QString text = edit->toPlainText().trimmed();
                m_editingComment.clear();
                m_commentDraft.clear();
                if (keep && !text.isEmpty())
                    Q_EMIT opRequested(OpBuilder::editComment(id, text));
                QTimer::singleShot(0, this, &ItemPanel::refreshComments);
            };
            connect(edit, &MentionEdit::submitRequested, this, [finish] { finish(true); });
            connect(save, &QPushButton::clicked, this, [finish] { finish(true); });
            connect(cancel, &QPushButton::clicked, this, [finish] { finish(false); });
            auto *buttons = new QHBoxLayout;
            buttons->addStretch();
            buttons->addWidget(cancel);
            buttons->addWidget(save);
            body->addWidget(edit);
            body->addLayout(buttons);
            QTimer::singleShot(0, edit, [edit] {
                edit->setFocus(Qt::OtherFocusReason);
                edit->moveCursor(QTextCursor::End);
            });
        } else {
            auto *text = new QLabel(box);
            text->setObjectName(QStringLiteral("commentText"));
            text->setWordWrap(true);
            text->setTextFormat(Qt::RichText);
            text->setOpenExternalLinks(true);
            text->setTextInteractionFlags(Qt::TextBrowserInteraction);
            text->setText(QStringLiteral("<b>%1</b> <span style=\"color:gray\">%2</span><br>%3")
                                  .arg(name.toHtmlEscaped(), when.toHtmlEscaped(),
                                       RichText::fromPlainText(c.data(CommentsModel::BodyRole).toString(), logins, link)));
            body->addWidget(text);
        }
        // Mine: edit and delete; an owner may delete anyone's. Not while it is on its way.
        const bool mine = !m_me.isEmpty() && author == m_me;
        if (!pending && id != m_editingComment && (mine || owner)) {
            auto *actions = new QHBoxLayout;
            actions->setSpacing(4);
            if (mine) {
                auto *editButton = new QToolButton(box);
                editButton->setText(tr("Edit"));
                editButton->setAutoRaise(true);
                editButton->setObjectName(QStringLiteral("editComment"));
                editButton->setAccessibleName(tr("Edit comment by %1").arg(name));
                const QString bodyText = c.data(CommentsModel::BodyRole).toString();
                connect(editButton, &QToolButton::clicked, this, [this, id, bodyText] {
                    m_editingComment = id;
                    m_commentDraft = bodyText;
                    QTimer::singleShot(0, this, &ItemPanel::refreshComments);
                });
                actions->addWidget(editButton);
            }
            auto *deleteButton = new QToolButton(box);
            deleteButton->setText(tr("Delete"));
            deleteButton->setAutoRaise(true);
            deleteButton->setObjectName(QStringLiteral("deleteComment"));
            deleteButton->setAccessibleName(tr("Delete comment by %1").arg(name));
            connect(deleteButton, &QToolButton::clicked, this, [this, id, mine, name] {
                const QString question = mine ? tr("Delete your comment?") : tr("Delete %1's comment?").arg(name);
                if (QMessageBox::question(this, tr("Delete comment"), question, QMessageBox::Yes | QMessageBox::Cancel,
                                          QMessageBox::Cancel) == QMessageBox::Yes)
                    Q_EMIT opRequested(OpBuilder::deleteComment(id));
            });
            actions->addWidget(deleteButton);
            actions->addStretch();
            body->addLayout(actions);
        }
        m_commentsLayout->addWidget(box);
    }
    if (!editing && !m_editingComment.isEmpty()) {
        m_editingComment.clear(); // the comment went away (deleted by someone)
        m_commentDraft.clear();
    }
    m_comments->setVisible(m_commentsLayout->count() > 0);
}

QStringList ItemPanel::commentHtml() const
{
    QStringList html;
    for (const QLabel *label : m_comments->findChildren<QLabel *>(QStringLiteral("commentText")))
        html.append(label->text());
    return html;
}

void ItemPanel::setHistory(const EventList &events)
{
    m_history->clear();
    for (const Event &event : events) {
        const QString who = m_store->memberName(event.actor);
        QStringList changed;
        const QJsonObject fields = event.payload.value(QStringLiteral("fields")).toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const Column *column = m_store->confirmed().column(it.key());
            if (it.key() == Item::descriptionKey())
                changed.append(tr("the description"));
            else
                changed.append(column ? tr("%1 → %2").arg(column->name, displayText(*column, it.value(), *m_store))
                                      : it.key());
        }
        QString what;
        switch (event.kind) {
        case EventKind::ItemCreated: what = tr("created the item"); break;
        case EventKind::ItemDeleted: what = tr("deleted the item"); break;
        case EventKind::ItemMoved: what = changed.isEmpty() ? tr("moved the card") : tr("moved: %1").arg(changed.join(QStringLiteral(", "))); break;
        case EventKind::CommentCreated: what = tr("commented"); break;
        default: what = tr("changed %1").arg(changed.join(QStringLiteral(", "))); break;
        }
        m_history->addItem(tr("%1 %2 · %3").arg(who, what, timeText(event.at)));
    }
    m_history->setVisible(!events.isEmpty());
    m_historyLabel->setVisible(!events.isEmpty());
}

void ItemPanel::commit(const QString &columnId)
{
    if (m_updating || m_itemId.isEmpty())
        return;
    const Column *column = m_store->confirmed().column(columnId);
    const Item *item = m_store->itemPtr(m_itemId);
    QWidget *editor = m_editors.value(columnId);
    if (!column || !item || !editor)
        return;
    const QJsonValue value = FieldEditors::value(editor, *column);
    if (value.isUndefined())
        return; // not a value yet (a half-typed date): nothing is saved
    const QJsonValue old = item->fields.value(columnId);
    if (value == old || (value.isNull() && (old.isNull() || old.isUndefined())))
        return;
    const QJsonObject base = columnId == m_editColumn ? m_editBase : QJsonObject();
    Q_EMIT opRequested(OpBuilder::updateItem(*m_store, m_itemId, { { columnId, value } }, base));
    if (columnId == m_editColumn)
        beginEdit(columnId); // what I just saved is what I go on editing from
}

void ItemPanel::beginEdit(const QString &columnId)
{
    m_editColumn = columnId;
    m_editBase = OpBuilder::editBase(*m_store, m_itemId, { columnId });
    const Item *item = m_store->itemPtr(m_itemId);
    m_editStartValue = item ? item->fields.value(columnId) : QJsonValue();
    refreshEditNotice();
}

void ItemPanel::refreshEditNotice()
{
    // Someone else changed the field I am typing in: say so now. My text stays; saving
    // it is checked against their change and offers Keep mine / Take theirs.
    const bool description = m_editColumn == Item::descriptionKey() && m_description->isEditing();
    const Column *column = m_store->confirmed().column(m_editColumn);
    QWidget *editor = m_editors.value(m_editColumn);
    const Item *item = m_store->itemPtr(m_itemId);
    QString text;
    if (((column && editor && editor->hasFocus()) || description) && item) {
        const QJsonValue now = item->fields.value(m_editColumn);
        const bool changed = !(now == m_editStartValue || ((now.isNull() || now.isUndefined()) && (m_editStartValue.isNull() || m_editStartValue.isUndefined())));
        if (changed && description)
            text = tr("Someone else just changed the description. If you save yours, you will be asked which to keep.");
        else if (changed)
            text = tr("Someone else just changed %1 to “%2”. If you save yours, you will be asked which to keep.")
                           .arg(column->name, displayText(*column, now, *m_store));
    }
    m_editNotice->setText(text);
    m_editNotice->setVisible(!text.isEmpty());
}

void ItemPanel::sendComment()
{
    const QString body = m_commentEdit->toPlainText().trimmed();
    if (body.isEmpty() || m_itemId.isEmpty())
        return;
    Q_EMIT opRequested(OpBuilder::createComment(m_itemId, body));
    m_commentEdit->clear();
}

void ItemPanel::onBatchApplied(const BatchChanges &changes)
{
    if (changes.columnsChanged || changes.membersChanged)
        rebuildEditors();
    if (changes.columnsChanged || changes.membersChanged || changes.updated.contains(m_itemId)
        || changes.removed.contains(m_itemId) || changes.inserted.contains(m_itemId)
        || changes.stateChanged.contains(m_itemId))
        refreshValues();
    if (changes.stateChanged.contains(m_itemId))
        refreshBanner();
    if (changes.membersChanged)
        refreshComments(); // names and mention highlighting
}

bool ItemPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut) {
        QString field;
        if (event->type() == QEvent::FocusIn) {
            for (auto it = m_editors.begin(); it != m_editors.end(); ++it) {
                if (it.value() == watched)
                    field = it.key();
            }
            // Back from the field's own popup (a list, the date picker) is the same edit.
            if (!field.isEmpty() && static_cast<QFocusEvent *>(event)->reason() != Qt::PopupFocusReason)
                beginEdit(field);
        } else if (static_cast<QFocusEvent *>(event)->reason() != Qt::PopupFocusReason) {
            QTimer::singleShot(0, this, [this] { // after the field saved on losing focus
                if (QWidget *editor = m_editors.value(m_editColumn); !editor || !editor->hasFocus())
                    m_editColumn.clear();
                refreshEditNotice();
            });
        }
        Q_EMIT editingFieldChanged(field);
    }
    return QWidget::eventFilter(watched, event);
}

void ItemPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        refreshComments(); // links and mentions take the new palette's colours
}

} // namespace Tessera::App
