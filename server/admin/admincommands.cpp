#include "admincommands.h"

#include "accountremoval.h"
#include "maintenance.h"
#include "server/accounts/auditlog.h"
#include "server/accounts/loginlimiter.h"
#include "server/accounts/passwordhasher.h"
#include "server/accounts/sessionstore.h"
#include "server/accounts/userstore.h"
#include "server/storage/database.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

const QString Actor = QStringLiteral("admin-cli");

enum Option { NoOptions = 0, AdminFlag = 1, DisplayNameOption = 2, ToOption = 4, FromOption = 8, UrlOption = 16 };

// The command table: the words, what follows them, one line of help, how many
// positional arguments and which options.
struct Spec
{
    AdminCommands::Kind kind;
    const char *words;
    const char *arguments;
    const char *help;
    int minPositional;
    int maxPositional;
    int options;
};

using K = AdminCommands::Kind;
const Spec Specs[] = {
    { K::UsersList, "users list", "", "Every user: login, name, admin, disabled, created, last sign-in.", 0, 0,
      NoOptions },
    { K::UsersAdd, "users add", "LOGIN [--admin] [--display-name NAME]",
      "Create a user; the password is the first line of stdin.", 1, 1, AdminFlag | DisplayNameOption },
    { K::UsersDisable, "users disable", "LOGIN", "Refuse the user's sign-ins, end their sessions, close their sockets.",
      1, 1, NoOptions },
    { K::UsersEnable, "users enable", "LOGIN", "Let a disabled user sign in again.", 1, 1, NoOptions },
    { K::UsersResetPassword, "users reset-password", "LOGIN",
      "Set a new password (first line of stdin) and end the user's sessions.", 1, 1, NoOptions },
    { K::UsersGrantAdmin, "users grant-admin", "LOGIN", "Make the user a server admin.", 1, 1, NoOptions },
    { K::UsersRevokeAdmin, "users revoke-admin", "LOGIN", "Take server admin rights away (never from the last admin).",
      1, 1, NoOptions },
    { K::UsersDelete, "users delete", "LOGIN",
      "Remove the account: sessions, memberships and notifications go, what they wrote stays.", 1, 1, NoOptions },
    { K::RevokeSessions, "revoke-sessions", "LOGIN|all", "End sessions (and close live sockets); prints how many.", 1,
      1, NoOptions },
    { K::ClearThrottle, "clear-throttle", "[LOGIN|ADDRESS|all]",
      "Clear the running server's sign-in throttle (all when nothing is given).", 0, 1, NoOptions },
    // Maintenance (server/admin/maintenance.h).
    { K::Backup, "backup", "--to FILE", "A consistent copy of the database (also while serving); never over a file.", 0,
      0, ToOption },
    { K::Restore, "restore", "--from FILE",
      "Replace the database with a backup (server stopped); everyone signs in again.", 0, 0, FromOption },
    { K::Check, "check", "", "Integrity check, and every board's log replayed against its items.", 0, 0, NoOptions },
    { K::Compact, "compact", "", "Checkpoint, optimize and VACUUM the database; prints sizes before and after.", 0, 0,
      NoOptions },
    { K::Migrate, "migrate", "--to URL",
      "Copy the data folder's database into an empty PostgreSQL database (server stopped), then check it.", 0, 0,
      UrlOption },
};

QString usage(const Spec &s)
{
    const QString args = QString::fromLatin1(s.arguments);
    return QString::fromLatin1(s.words) + (args.isEmpty() ? QString() : QLatin1Char(' ') + args);
}

QString timeText(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-");
}

QString table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        out += line.trimmed() + QLatin1Char('\n');
    }
    return out;
}

AdminCommands::Result ok(const QString &text)
{
    return { true, text };
}

AdminCommands::Result failed(const QString &text)
{
    return { false, text };
}

} // namespace

AdminCommands::Parsed AdminCommands::parse(const QStringList &argv)
{
    Parsed p;
    if (argv.isEmpty()) {
        p.error = QStringLiteral("no command given (see tessera-server admin --help)");
        return p;
    }
    const Spec *spec = nullptr;
    QStringList rest;
    for (const Spec &s : Specs) {
        const QStringList words = QString::fromLatin1(s.words).split(QLatin1Char(' '));
        if (argv.mid(0, words.size()) == words) {
            spec = &s;
            rest = argv.mid(words.size());
            break;
        }
    }
    if (!spec) {
        if (argv.constFirst() == QLatin1String("users"))
            p.error = argv.size() < 2
                ? QStringLiteral("'users' needs a subcommand: list, add, disable, enable, "
                                 "reset-password, grant-admin, revoke-admin or delete")
                : QStringLiteral("unknown command 'users %1' (see tessera-server admin --help)").arg(argv.at(1));
        else
            p.error = QStringLiteral("unknown command '%1' (see tessera-server admin --help)").arg(argv.constFirst());
        return p;
    }
    p.kind = spec->kind;
    p.name = QString::fromLatin1(spec->words);
    QStringList positional;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &arg = rest.at(i);
        if (arg == QLatin1String("--admin") && (spec->options & AdminFlag)) {
            p.admin = true;
        } else if (arg == QLatin1String("--display-name") && (spec->options & DisplayNameOption)) {
            if (i + 1 >= rest.size()) {
                p.error = QStringLiteral("--display-name needs a NAME");
                return p;
            }
            p.displayName = rest.at(++i);
        } else if (arg == QLatin1String("--to") && (spec->options & UrlOption)) {
            if (i + 1 >= rest.size() || rest.at(i + 1).isEmpty()) {
                p.error = QStringLiteral("--to needs a URL (postgresql://USER@HOST/DATABASE)");
                return p;
            }
            p.url = rest.at(++i);
        } else if ((arg == QLatin1String("--to") && (spec->options & ToOption))
                   || (arg == QLatin1String("--from") && (spec->options & FromOption))) {
            if (i + 1 >= rest.size() || rest.at(i + 1).isEmpty()) {
                p.error = QStringLiteral("%1 needs a FILE").arg(arg);
                return p;
            }
            p.file = rest.at(++i);
            if (QDir::isRelativePath(p.file)) {
                p.error = QStringLiteral("%1 needs an absolute path (got '%2')").arg(arg, p.file);
                return p;
            }
        } else if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1) {
            p.error = QStringLiteral("'%1' takes no option '%2' (usage: %3)").arg(p.name, arg, usage(*spec));
            return p;
        } else {
            positional.append(arg);
        }
    }
    if (positional.size() < spec->minPositional) {
        p.error = QStringLiteral("'%1' needs %2 (usage: %3)")
                      .arg(p.name, QString::fromLatin1(spec->arguments).section(QLatin1Char(' '), 0, 0), usage(*spec));
        return p;
    }
    if (positional.size() > spec->maxPositional) {
        p.error = QStringLiteral("unexpected argument '%1' (usage: %2)")
                      .arg(positional.at(spec->maxPositional), usage(*spec));
        return p;
    }
    p.target = positional.value(0);
    if ((spec->options & (ToOption | FromOption)) ? p.file.isEmpty() : (spec->options & UrlOption) && p.url.isEmpty())
        p.error = QStringLiteral("'%1' needs %2").arg(p.name, QString::fromLatin1(spec->arguments));
    return p;
}

QStringList AdminCommands::absolutePaths(const QStringList &argv)
{
    QStringList out = argv;
    for (qsizetype i = 0; i + 1 < out.size(); ++i) {
        if ((out.at(i) == QLatin1String("--to") || out.at(i) == QLatin1String("--from")) && !out.at(i + 1).isEmpty()
            && out.value(0) != QLatin1String("migrate")) // its --to is a URL
            out[i + 1] = QFileInfo(out.at(i + 1)).absoluteFilePath();
    }
    return out;
}

int AdminCommands::timeoutMs(Kind kind)
{
    const bool wholeDatabase = kind == Kind::Backup || kind == Kind::Check || kind == Kind::Compact;
    return wholeDatabase ? 3600 * 1000 : 60 * 1000;
}

bool AdminCommands::needsPassword(Kind kind)
{
    return kind == Kind::UsersAdd || kind == Kind::UsersResetPassword;
}

QString AdminCommands::helpText()
{
    QString out = QStringLiteral("Usage: tessera-server admin [--data DIR] [--config FILE] COMMAND [ARGS]\n\n"
                                 "Runs on the data folder directly, or through the running server's admin socket\n"
                                 "(DIR/admin.sock) while one serves it. Run it as the folder's owner:\n"
                                 "  sudo -u tessera tessera-server admin --data /var/lib/tessera users list\n\n"
                                 "Commands:\n");
    qsizetype width = 0;
    for (const Spec &s : Specs)
        width = std::max(width, usage(s).size());
    for (const Spec &s : Specs)
        out += QStringLiteral("  %1  %2\n").arg(usage(s).leftJustified(width), QString::fromLatin1(s.help));
    return out;
}

AdminCommands::AdminCommands(Services services)
    : m_s(std::move(services))
    , m_hasher([](const QString &password, std::function<void(const QString &)> then) {
        then(PasswordHasher::hash(password));
    })
{
}

QString AdminCommands::address() const
{
    return live() ? QStringLiteral("admin socket") : QStringLiteral("offline");
}

void AdminCommands::audit(const QString &action, const QString &target, const QString &detail)
{
    m_s.audit.record(Actor, action, target, address(), detail);
}

void AdminCommands::run(const AdminProtocol::Request &request, const Done &finished)
{
    const Parsed p = parse(request.argv);
    if (!p.error.isEmpty())
        return finished(failed(p.error));
    // A refusal is audited too (a success writes its own entry).
    const Done done = [this, name = p.name, finished](const Result &result) {
        if (!result.ok)
            audit(QStringLiteral("admin.refused"), name, result.text.left(300));
        finished(result);
    };
    if (needsPassword(p.kind) && request.password.isNull())
        return done(failed(QStringLiteral("'%1' needs the password on the first line of stdin").arg(p.name)));
    switch (p.kind) {
    case Kind::UsersList:
        return done(usersList());
    case Kind::UsersAdd:
        return usersAdd(p, request.password, done);
    case Kind::UsersDisable:
        return done(setDisabled(p, true));
    case Kind::UsersEnable:
        return done(setDisabled(p, false));
    case Kind::UsersResetPassword:
        return resetPassword(p, request.password, done);
    case Kind::UsersGrantAdmin:
        return done(setAdmin(p, true));
    case Kind::UsersRevokeAdmin:
        return done(setAdmin(p, false));
    case Kind::UsersDelete:
        return done(usersDelete(p));
    case Kind::RevokeSessions:
        return done(revokeSessions(p));
    case Kind::ClearThrottle:
        return done(clearThrottle(p));
    case Kind::Backup:
    case Kind::Check:
    case Kind::Compact:
        return done(maintenance(p));
    case Kind::Restore:
        return done(
            failed(QStringLiteral("restore replaces the database: stop the server first (e.g. systemctl stop tessera), "
                                  "then run it again")));
    case Kind::Migrate:
        return done(failed(QStringLiteral("migrate copies the database while nothing writes to it: stop the server "
                                          "first (e.g. systemctl stop tessera), then run it again")));
    }
    done(failed(QStringLiteral("unknown command")));
}

int AdminCommands::enabledAdmins() const
{
    QSqlQuery q(m_s.database.db());
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM users WHERE admin = 1 AND disabled = 0")) && q.next()
        ? q.value(0).toInt()
        : 0;
}

AdminCommands::Result AdminCommands::usersList()
{
    QSqlQuery q(m_s.database.db());
    // Last sign-in: every sign-in starts a session. Removed accounts (tombstones) are left out.
    if (!q.exec(QStringLiteral("SELECT u.login, u.display_name, u.admin, u.disabled, u.created_at,"
                               " (SELECT MAX(s.created_at) FROM sessions s WHERE s.user_id = u.id)"
                               " FROM users u WHERE NOT (%1) ORDER BY u.login")
                    .arg(QLatin1String(AccountRemoval::TombstoneCondition))))
        return failed(QStringLiteral("cannot read the users: %1").arg(m_s.database.db().lastError().text()));
    QList<QStringList> rows { { QStringLiteral("LOGIN"), QStringLiteral("NAME"), QStringLiteral("ADMIN"),
                                QStringLiteral("DISABLED"), QStringLiteral("CREATED (UTC)"),
                                QStringLiteral("LAST SIGN-IN (UTC)") } };
    const auto yesNo = [](bool b) { return b ? QStringLiteral("yes") : QStringLiteral("no"); };
    while (q.next())
        rows.append({ q.value(0).toString(), q.value(1).toString(), yesNo(q.value(2).toBool()),
                      yesNo(q.value(3).toBool()), timeText(q.value(4).toString()), timeText(q.value(5).toString()) });
    audit(QStringLiteral("admin.users.listed"), QString(), QString::number(rows.size() - 1));
    return ok(table(rows));
}

void AdminCommands::usersAdd(const Parsed &p, const QString &password, const Done &done)
{
    // The same checks and store as --add-user and the admin API (UserStore::create), with
    // the hashing step handed to the hasher.
    if (const QString why = m_s.users.checkNew(p.target, password, p.displayName); !why.isEmpty())
        return done(failed(why));
    m_hasher(password, [this, p, done](const QString &hash) {
        if (hash.isEmpty())
            return done(failed(QStringLiteral("could not hash the password (out of memory?)")));
        const auto created = m_s.users.createWithHash(p.target, hash, p.displayName, p.admin);
        if (!created.user)
            return done(failed(created.error));
        audit(QStringLiteral("admin.user.created"), created.user->id,
              created.user->login + (p.admin ? QStringLiteral(" admin") : QString()));
        done(ok(QStringLiteral("created user %1 (%2)%3\n")
                    .arg(created.user->login, created.user->id,
                         created.user->admin ? QStringLiteral(" as server admin") : QString())));
    });
}

AdminCommands::Result AdminCommands::setDisabled(const Parsed &p, bool disabled)
{
    const auto user = m_s.users.byLogin(p.target.toLower());
    if (!user || AccountRemoval::isTombstone(m_s.database.db(), user->id))
        return failed(QStringLiteral("no user '%1'").arg(p.target));
    if (disabled && user->admin && !user->disabled && enabledAdmins() <= 1)
        return failed(
            QStringLiteral("%1 is the last enabled server admin; grant admin to someone else first").arg(user->login));
    if (!m_s.users.setDisabled(user->id, disabled))
        return failed(QStringLiteral("cannot update %1").arg(user->login));
    int revoked = 0;
    if (disabled)
        revoked = m_s.sessions.revokeAllOf(user->id); // closes their live sockets in a running server
    audit(disabled ? QStringLiteral("admin.user.disabled") : QStringLiteral("admin.user.enabled"), user->id,
          user->login);
    return ok(disabled ? QStringLiteral("disabled %1; ended %2 session(s)\n").arg(user->login).arg(revoked)
                       : QStringLiteral("enabled %1\n").arg(user->login));
}

void AdminCommands::resetPassword(const Parsed &p, const QString &password, const Done &done)
{
    const auto user = m_s.users.byLogin(p.target.toLower());
    if (!user || AccountRemoval::isTombstone(m_s.database.db(), user->id))
        return done(failed(QStringLiteral("no user '%1'").arg(p.target)));
    if (const QString why = UserStore::validatePassword(password, { user->login, user->displayName }); !why.isEmpty())
        return done(failed(why));
    const QString userId = user->id;
    m_hasher(password, [this, userId, done](const QString &hash) {
        const auto target = m_s.users.byId(userId);
        if (!target)
            return done(failed(QStringLiteral("the user was removed meanwhile")));
        if (hash.isEmpty() || !m_s.users.setPasswordHash(userId, hash))
            return done(failed(QStringLiteral("could not store the new password")));
        const int revoked = m_s.sessions.revokeAllOf(userId);
        audit(QStringLiteral("admin.password.reset"), userId, target->login);
        done(ok(QStringLiteral("new password set for %1; ended %2 session(s)%3\n")
                    .arg(target->login)
                    .arg(revoked)
                    .arg(target->disabled
                             ? QStringLiteral(" (the account is disabled: users enable %1)").arg(target->login)
                             : QString())));
    });
}

AdminCommands::Result AdminCommands::setAdmin(const Parsed &p, bool admin)
{
    const auto user = m_s.users.byLogin(p.target.toLower());
    if (!user || AccountRemoval::isTombstone(m_s.database.db(), user->id))
        return failed(QStringLiteral("no user '%1'").arg(p.target));
    if (!admin && user->admin && !user->disabled && enabledAdmins() <= 1)
        return failed(
            QStringLiteral("%1 is the last enabled server admin; grant admin to someone else first").arg(user->login));
    if (!m_s.users.setAdmin(user->id, admin))
        return failed(QStringLiteral("cannot update %1").arg(user->login));
    audit(admin ? QStringLiteral("admin.granted") : QStringLiteral("admin.revoked"), user->id, user->login);
    return ok(admin ? QStringLiteral("%1 is a server admin\n").arg(user->login)
                    : QStringLiteral("%1 is no longer a server admin\n").arg(user->login));
}

AdminCommands::Result AdminCommands::usersDelete(const Parsed &p)
{
    const auto user = m_s.users.byLogin(p.target.toLower());
    if (!user || AccountRemoval::isTombstone(m_s.database.db(), user->id))
        return failed(QStringLiteral("no user '%1'").arg(p.target));
    if (user->admin && !user->disabled && enabledAdmins() <= 1)
        return failed(
            QStringLiteral("%1 is the last enabled server admin; grant admin to someone else first").arg(user->login));
    const QStringList owned = AccountRemoval::soleOwnerBoards(m_s.database.db(), user->id);
    if (!owned.isEmpty())
        return failed(QStringLiteral("%1 is the only owner of %2 board(s): %3; make someone else owner (or delete the "
                                     "boards) first")
                          .arg(user->login)
                          .arg(owned.size())
                          .arg(owned.join(QStringLiteral(", "))));
    const int revoked = m_s.sessions.revokeAllOf(user->id); // closes their live sockets in a running server
    const AccountRemoval::Outcome outcome = AccountRemoval::remove(m_s.database.db(), user->id);
    if (!outcome.error.isEmpty())
        return failed(outcome.error);
    audit(QStringLiteral("admin.user.deleted"), user->id, user->login);
    return ok(
        QStringLiteral("deleted %1: ended %2 session(s), left %3 board(s), removed %4 notification(s); their items, "
                       "comments and history stay, attributed to a removed user\n")
            .arg(user->login)
            .arg(revoked)
            .arg(outcome.memberships)
            .arg(outcome.notifications));
}

AdminCommands::Result AdminCommands::revokeSessions(const Parsed &p)
{
    QStringList userIds;
    if (p.target == QLatin1String("all")) {
        QSqlQuery q(m_s.database.db());
        if (!q.exec(QStringLiteral("SELECT DISTINCT user_id FROM sessions WHERE revoked = 0")))
            return failed(QStringLiteral("cannot read the sessions"));
        while (q.next())
            userIds.append(q.value(0).toString());
    } else {
        const auto user = m_s.users.byLogin(p.target.toLower());
        if (!user)
            return failed(QStringLiteral("no user '%1' (give a login or 'all')").arg(p.target));
        userIds.append(user->id);
    }
    int revoked = 0;
    for (const QString &id : std::as_const(userIds))
        revoked += m_s.sessions.revokeAllOf(id); // closes the live sockets in a running server
    audit(QStringLiteral("admin.sessions.revoked"), p.target, QString::number(revoked));
    return ok(QStringLiteral("revoked %1 session(s)%2\n")
                  .arg(revoked)
                  .arg(live() ? QStringLiteral("; their live connections were closed") : QString()));
}

AdminCommands::Result AdminCommands::clearThrottle(const Parsed &p)
{
    const QString key = p.target == QLatin1String("all") ? QString() : p.target;
    if (!live()) {
        audit(QStringLiteral("admin.throttle.cleared"), key.isEmpty() ? QStringLiteral("all") : key,
              QStringLiteral("no server running: nothing to clear"));
        return ok(QStringLiteral(
            "no server is running: the sign-in throttle lives in the server's memory, nothing to clear\n"));
    }
    m_s.limiter->clear(key);
    audit(QStringLiteral("admin.throttle.cleared"), key.isEmpty() ? QStringLiteral("all") : key);
    return ok(key.isEmpty() ? QStringLiteral("cleared the sign-in throttle\n")
                            : QStringLiteral("cleared the sign-in throttle of %1\n").arg(key));
}

AdminCommands::Result AdminCommands::maintenance(const Parsed &p)
{
    Maintenance::Result r;
    if (p.kind == Kind::Backup)
        r = Maintenance::backup(m_s.database, p.file);
    else if (p.kind == Kind::Check)
        r = Maintenance::check(m_s.database);
    else
        r = Maintenance::compact(m_s.database);
    const QString action = p.kind == Kind::Backup ? QStringLiteral("admin.backup")
        : p.kind == Kind::Check                   ? QStringLiteral("admin.check")
                                                  : QStringLiteral("admin.compact");
    audit(action, p.file, r.ok ? QStringLiteral("ok") : r.message.left(200));
    QString text = r.message;
    if (r.ok && !text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    return { r.ok, text };
}

AdminCommands::Result AdminCommands::restore(const QString &dataDir, const Parsed &parsed)
{
    // Maintenance::restore writes its own audit entry into the restored database.
    const Maintenance::Result r = Maintenance::restore(dataDir, parsed.file);
    return { r.ok, r.ok && !r.message.endsWith(QLatin1Char('\n')) ? r.message + QLatin1Char('\n') : r.message };
}

} // namespace Tessera::Server
