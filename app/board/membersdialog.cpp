#include "membersdialog.h"

#include "boardops.h"
#include "opsender.h"

#include "core/client/apiclient.h"
#include "core/client/syncclient.h"
#include "core/models/boardstore.h"
#include "core/protocol/routes.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStringListModel>
#include <QVBoxLayout>

#include <algorithm>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

void fillRoles(QComboBox *box)
{
    box->addItem(MembersDialog::tr("Owner"), roleName(Role::Owner));
    box->setItemData(0, MembersDialog::tr("Changes everything: items, columns, members, the board itself"), Qt::ToolTipRole);
    box->addItem(MembersDialog::tr("Editor"), roleName(Role::Editor));
    box->setItemData(1, MembersDialog::tr("Adds and edits items and comments"), Qt::ToolTipRole);
    box->addItem(MembersDialog::tr("Viewer"), roleName(Role::Viewer));
    box->setItemData(2, MembersDialog::tr("Reads the board and comments"), Qt::ToolTipRole);
}

void dropLater(QWidget *widget)
{
    if (!widget)
        return;
    widget->hide();
    widget->setParent(nullptr);
    widget->deleteLater(); // this may run inside a signal of the widget itself
}

} // namespace

MembersDialog::MembersDialog(SyncClient *sync, ApiClient *api, const QString &boardId, BoardStore *store,
                             const QString &me, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_api(api)
    , m_boardId(boardId)
    , m_store(store)
    , m_me(me)
    , m_sender(new OpSender(sync, this))
    , m_rowsWidget(new QWidget)
    , m_grid(new QGridLayout(m_rowsWidget))
    , m_invite(new QLineEdit(this))
    , m_inviteRole(new QComboBox(this))
    , m_inviteButton(new QPushButton(tr("Invite"), this))
    , m_completions(new QStringListModel(this))
    , m_completer(new QCompleter(m_completions, this))
    , m_message(new QLabel(this))
    , m_readOnlyNote(new QLabel(tr("Only the board's owners can change who has access."), this))
{
    setObjectName(QStringLiteral("membersDialog"));
    m_grid->setColumnStretch(0, 1);
    m_grid->setAlignment(Qt::AlignTop);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_rowsWidget);

    m_invite->setObjectName(QStringLiteral("inviteEdit"));
    m_invite->setAccessibleName(tr("Person to invite"));
    m_invite->setPlaceholderText(tr("Login or name"));
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_invite->setCompleter(m_completer);
    m_inviteRole->setObjectName(QStringLiteral("inviteRole"));
    m_inviteRole->setAccessibleName(tr("Role of the person invited"));
    fillRoles(m_inviteRole);
    m_inviteRole->setCurrentIndex(1); // editor: what an invitation usually is for
    m_inviteButton->setObjectName(QStringLiteral("inviteButton"));
    m_inviteButton->setAutoDefault(false);
    m_message->setObjectName(QStringLiteral("membersMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_readOnlyNote->setWordWrap(true);

    auto *inviting = new QGroupBox(tr("Invite someone"), this);
    auto *inviteRow = new QHBoxLayout(inviting);
    inviteRow->addWidget(m_invite, 1);
    inviteRow->addWidget(m_inviteRole);
    inviteRow->addWidget(m_inviteButton);

    auto *closeBox = new QDialogButtonBox(QDialogButtonBox::Close, this);
    closeBox->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(closeBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(inviting);
    layout->addWidget(m_message);
    layout->addWidget(m_readOnlyNote);
    layout->addWidget(closeBox);
    resize(520, 380);

    connect(m_inviteButton, &QPushButton::clicked, this, &MembersDialog::invite);
    connect(m_invite, &QLineEdit::returnPressed, this, [this] {
        // Enter picks from the completion list first; a second Enter invites.
        if (!m_completer->popup()->isVisible())
            invite();
    });
    connect(m_sender, &OpSender::refused, this,
            [this](const QString &, const QString &message) { say(tr("Not changed: %1").arg(message), true); });
    connect(store, &BoardStore::batchApplied, this, [this](const BatchChanges &changes) {
        if (changes.membersChanged || changes.boardChanged)
            refresh();
    });
    connect(store, &BoardStore::reset, this, &MembersDialog::refresh);
    connect(store, &BoardStore::mutationsChanged, this, &MembersDialog::refresh);
    connect(store, &QObject::destroyed, this, &QDialog::close);
    connect(sync, &SyncClient::boardAboutToClose, this, [this](const QString &id) {
        if (id == m_boardId)
            this->close();
    });
    connect(sync, &SyncClient::stateChanged, this, [this](ConnectionState state) {
        if (m_directory.isEmpty() && (state == ConnectionState::Live || state == ConnectionState::Polling))
            loadDirectory(); // it could not be loaded while offline
    });
    refresh();
    loadDirectory();
}

QString MembersDialog::entryOf(const User &user)
{
    return user.displayName.isEmpty() || user.displayName == user.login
            ? user.login
            : QStringLiteral("%1 (%2)").arg(user.displayName, user.login);
}

void MembersDialog::loadDirectory()
{
    if (!m_api)
        return;
    m_api->request(QByteArrayLiteral("GET"), Routes::users(), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok()) {
            say(reply.networkError() ? tr("Not connected: people can be invited once Tessera is connected again.")
                                     : tr("The list of people could not be loaded: %1").arg(reply.error),
                true);
            return;
        }
        const auto list = UserList::fromJson(reply.json);
        if (!list) {
            say(tr("The list of people could not be read: %1").arg(list.error().message), true);
            return;
        }
        m_directory.clear();
        for (const User &user : list->users) {
            if (!user.disabled)
                m_directory.append(user);
        }
        refresh();
        Q_EMIT directoryChanged();
    });
}

QString MembersDialog::nameOf(const Member &member) const
{
    QString name = member.displayName;
    QString login = member.login;
    for (const User &user : m_directory) { // a member I just invited has no names yet
        if (user.id == member.userId) {
            name = name.isEmpty() ? user.displayName : name;
            login = login.isEmpty() ? user.login : login;
        }
    }
    QString shown = name.isEmpty() ? (login.isEmpty() ? member.userId : login) : name;
    if (!login.isEmpty() && login != shown)
        shown = QStringLiteral("%1 (%2)").arg(shown, login);
    return member.userId == m_me ? tr("%1 — you").arg(shown) : shown;
}

void MembersDialog::refresh()
{
    if (!m_store)
        return;
    const BoardState state = BoardOps::effective(*m_store);
    setWindowTitle(tr("Members of “%1”").arg(state.board.name));
    const bool owner = state.roleOf(m_me) == Role::Owner;
    QList<Member> members = state.members.values();
    std::sort(members.begin(), members.end(), [this](const Member &a, const Member &b) {
        return nameOf(a).compare(nameOf(b), Qt::CaseInsensitive) < 0;
    });
    bool sameIds = members.size() == m_rows.size();
    for (qsizetype i = 0; sameIds && i < members.size(); ++i)
        sameIds = members.at(i).userId == m_rows.at(i).userId;
    if (!sameIds) {
        for (Row &row : m_rows) {
            dropLater(row.name);
            dropLater(row.role);
            dropLater(row.remove);
        }
        m_rows.clear();
        for (const Member &member : std::as_const(members)) {
            Row row;
            row.userId = member.userId;
            row.name = new QLabel(m_rowsWidget);
            row.name->setTextFormat(Qt::PlainText);
            row.role = new QComboBox(m_rowsWidget);
            fillRoles(row.role);
            row.remove = new QPushButton(tr("Remove"), m_rowsWidget);
            row.remove->setAutoDefault(false);
            const QString userId = member.userId;
            connect(row.role, &QComboBox::activated, this, [this, userId, box = row.role](int index) {
                const auto role = roleFromName(box->itemData(index).toString());
                if (role && m_store && BoardOps::effective(*m_store).roleOf(userId) != *role)
                    send(BoardOps::addMember(userId, *role));
            });
            connect(row.remove, &QPushButton::clicked, this, [this, userId] { send(BoardOps::removeMember(userId)); });
            const int gridRow = int(m_rows.size());
            m_grid->addWidget(row.name, gridRow, 0);
            m_grid->addWidget(row.role, gridRow, 1);
            m_grid->addWidget(row.remove, gridRow, 2);
            m_rows.append(row);
        }
    }
    const auto owners = std::count_if(members.cbegin(), members.cend(), [](const Member &m) { return m.role == Role::Owner; });
    for (qsizetype i = 0; i < members.size(); ++i) {
        const Member &member = members.at(i);
        Row &row = m_rows[i];
        const QString name = nameOf(member);
        // The last owner stays one: someone else becomes an owner first.
        const bool lastOwner = member.role == Role::Owner && owners <= 1;
        const QString why = lastOwner ? tr("A board needs an owner: make someone else an owner first.") : QString();
        row.name->setText(name);
        row.role->setCurrentIndex(row.role->findData(roleName(member.role)));
        row.role->setAccessibleName(tr("Role of %1").arg(name));
        row.role->setEnabled(owner && !lastOwner);
        row.role->setToolTip(!owner ? m_readOnlyNote->text() : lastOwner ? why : tr("Role of %1").arg(name));
        row.remove->setAccessibleName(member.userId == m_me ? tr("Leave the board") : tr("Remove %1").arg(name));
        row.remove->setText(member.userId == m_me ? tr("Leave") : tr("Remove"));
        row.remove->setToolTip(lastOwner ? why : row.remove->accessibleName());
        row.remove->setEnabled(!lastOwner);
        row.remove->setVisible(owner);
    }
    QStringList invitable; // the completion offers people who are not members yet
    for (const User &user : std::as_const(m_directory)) {
        if (!state.members.contains(user.id))
            invitable.append(entryOf(user));
    }
    invitable.sort(Qt::CaseInsensitive);
    if (invitable != m_completions->stringList())
        m_completions->setStringList(invitable);
    m_readOnlyNote->setVisible(!owner);
    const bool canInvite = owner && !m_directory.isEmpty();
    m_invite->setEnabled(canInvite);
    m_inviteRole->setEnabled(canInvite);
    m_inviteButton->setEnabled(canInvite);
}

std::optional<User> MembersDialog::resolve(const QString &typed) const
{
    const QString text = typed.trimmed();
    for (const User &user : m_directory) {
        if (entryOf(user).compare(text, Qt::CaseInsensitive) == 0 || user.login.compare(text, Qt::CaseInsensitive) == 0)
            return user;
    }
    std::optional<User> byName;
    for (const User &user : m_directory) {
        if (user.displayName.compare(text, Qt::CaseInsensitive) == 0) {
            if (byName)
                return std::nullopt; // two people of that name: the list tells them apart
            byName = user;
        }
    }
    if (byName || text.isEmpty())
        return byName;
    // What the list shows as you type ("Be" lists "Ben Brook (ben)"): the one person it
    // shows is the one meant, as when Enter is pressed on the list's only entry.
    std::optional<User> shown;
    for (const User &user : m_directory) {
        if (entryOf(user).contains(text, Qt::CaseInsensitive)) {
            if (shown)
                return std::nullopt;
            shown = user;
        }
    }
    return shown;
}

void MembersDialog::invite()
{
    if (!m_store || m_invite->text().trimmed().isEmpty())
        return;
    const auto user = resolve(m_invite->text());
    if (!user) {
        say(tr("No one here is called “%1”. Choose a person from the list as you type.").arg(m_invite->text().trimmed()), true);
        return;
    }
    const auto role = roleFromName(m_inviteRole->currentData().toString()).value_or(Role::Editor);
    const Role now = BoardOps::effective(*m_store).roleOf(user->id);
    if (now == role) {
        say(tr("%1 is already a member.").arg(entryOf(*user)));
        return;
    }
    send(BoardOps::addMember(user->id, role));
    if (m_message->text().isEmpty())
        say(now == Role::None ? tr("%1 was invited as %2.").arg(entryOf(*user), m_inviteRole->currentText().toLower())
                              : tr("%1 is now %2.").arg(entryOf(*user), m_inviteRole->currentText().toLower()));
    m_invite->clear();
}

void MembersDialog::send(const Op &op)
{
    m_message->clear();
    if (m_sender->send(m_boardId, op).isEmpty())
        say(tr("Not connected to a server: nothing was changed."), true);
}

void MembersDialog::say(const QString &text, bool problem)
{
    QPalette p = palette();
    if (problem)
        p.setColor(QPalette::WindowText, QColor(0xd9, 0x30, 0x25));
    m_message->setPalette(p);
    m_message->setText(text);
}

QString MembersDialog::message() const
{
    return m_message->text();
}

QComboBox *MembersDialog::roleBox(const QString &userId) const
{
    for (const Row &row : m_rows) {
        if (row.userId == userId)
            return row.role;
    }
    return nullptr;
}

QPushButton *MembersDialog::removeButton(const QString &userId) const
{
    for (const Row &row : m_rows) {
        if (row.userId == userId)
            return row.remove;
    }
    return nullptr;
}

QStringList MembersDialog::memberIds() const
{
    QStringList ids;
    for (const Row &row : m_rows)
        ids.append(row.userId);
    return ids;
}

} // namespace Tessera::App
