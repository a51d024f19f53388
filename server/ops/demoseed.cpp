#include "demoseed.h"

#include "server/storage/boardrepository.h"
#include "server/commands/commandservice.h"
#include "core/rules/rank.h"
#include "server/storage/database.h"
#include "server/accounts/userstore.h"
#include "server/ops/logging.h"

#include <QDate>
#include <QUuid>

namespace Tessera::Server {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

DemoSeed::DemoSeed(Database &database, UserStore &users, BoardRepository &boards, CommandService &commands)
    : m_database(database)
    , m_users(users)
    , m_boards(boards)
    , m_commands(commands)
{
}

bool DemoSeed::run()
{
    if (m_database.meta(QStringLiteral("demo_seeded")) == QLatin1String("1"))
        return true;
    // A real server started with --demo by mistake: no demo accounts with a known password,
    // no demo board with the real people as members.
    if (!m_users.all(true).isEmpty()) {
        qCWarning(lcServer, "--demo ignored: this data folder already has users (the demo is for an empty folder)");
        return true;
    }
    struct DemoUser
    {
        const char *login;
        const char *name;
        bool admin;
    };
    const DemoUser people[] = { { "ana", "Ana Alves", true }, { "ben", "Ben Brook", false }, { "cy", "Cy Chen", false } };
    QStringList ids;
    for (const DemoUser &p : people) {
        auto existing = m_users.byLogin(QLatin1String(p.login));
        if (!existing) {
            const auto created = m_users.create(QLatin1String(p.login), password(), QString::fromUtf8(p.name), p.admin);
            if (!created.user) {
                m_error = created.error;
                return false;
            }
            existing = created.user;
        }
        ids.append(existing->id);
    }
    if (!seedBoard(ids.at(0), ids.at(1), ids.at(2)))
        return false;
    return m_database.setMeta(QStringLiteral("demo_seeded"), QStringLiteral("1"));
}

bool DemoSeed::seedBoard(const QString &ownerId, const QString &editorId, const QString &viewerId)
{
    const Core::Board board { newId(), QStringLiteral("Product launch"),
                              QStringLiteral("Everything between today and the 1.0 release"), false, QString() };
    if (!m_boards.create(board, {}, *m_users.byId(ownerId))) {
        m_error = QStringLiteral("could not create the demo board");
        return false;
    }
    const auto submit = [&](const QString &actor, const QJsonObject &op) {
        Core::Command command;
        command.mutationId = newId();
        command.boardId = board.id;
        command.op = Core::Op::fromJson(op).value();
        const CommandResult result = m_commands.submitNow(actor, command);
        if (result.status != CommandResult::Status::Ack)
            m_error = QStringLiteral("demo command %1 failed: %2").arg(Core::opKindName(command.op.kind), result.message);
        return result.status == CommandResult::Status::Ack;
    };
    if (!submit(ownerId, { { QStringLiteral("kind"), QStringLiteral("member.add") }, { QStringLiteral("userId"), editorId },
                           { QStringLiteral("role"), QStringLiteral("editor") } })
        || !submit(ownerId, { { QStringLiteral("kind"), QStringLiteral("member.add") }, { QStringLiteral("userId"), viewerId },
                              { QStringLiteral("role"), QStringLiteral("viewer") } }))
        return false;

    struct DemoItem
    {
        const char *title;
        const char *status;
        int assignee; // 0 owner, 1 editor, -1 nobody
        int dueInDays;
    };
    const DemoItem items[] = {
        { "Write release notes", "todo", 1, 6 },       { "Record the demo video", "todo", 0, 9 },
        { "Translate the UI", "todo", -1, 14 },        { "Fix crash on wake", "doing", 1, 2 },
        { "Kanban drag and drop polish", "doing", 0, 4 }, { "Server backup docs", "doing", 1, 7 },
        { "Calendar week view", "done", 0, -3 },       { "Login throttling", "done", 1, -6 },
        { "Presence avatars", "done", 0, -1 },         { "Inbox badges", "todo", 0, 11 },
    };
    const QString people[] = { ownerId, editorId };
    QString rank;
    QString firstItem;
    for (const DemoItem &d : items) {
        rank = *Core::Rank::between(rank, QString());
        const QString itemId = newId();
        if (firstItem.isEmpty())
            firstItem = itemId;
        QJsonObject fields { { QStringLiteral("title"), QString::fromUtf8(d.title) },
                             { QStringLiteral("status"), QLatin1String(d.status) },
                             { QStringLiteral("due"), QDate::currentDate().addDays(d.dueInDays).toString(Qt::ISODate) } };
        if (d.assignee >= 0)
            fields.insert(QStringLiteral("assignee"), people[d.assignee]);
        if (!submit(ownerId, { { QStringLiteral("kind"), QStringLiteral("item.create") }, { QStringLiteral("itemId"), itemId },
                               { QStringLiteral("fields"), fields }, { QStringLiteral("rank"), rank } }))
            return false;
    }
    return submit(ownerId, { { QStringLiteral("kind"), QStringLiteral("comment.create") }, { QStringLiteral("itemId"), firstItem },
                             { QStringLiteral("commentId"), newId() },
                             { QStringLiteral("body"), QStringLiteral("@ben can you draft these by Friday? I'll review.") } });
}

} // namespace Tessera::Server
