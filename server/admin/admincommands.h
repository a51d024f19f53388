#pragma once

#include "adminprotocol.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace Tessera::Server {

class AuditLog;
class Database;
class LoginLimiter;
class SessionStore;
class UserStore;

// The admin commands (`tessera-server admin COMMAND ...`): ONE implementation, run either
// by the CLI on the database directly (no server serving; the CLI holds the data lock) or
// inside a running server for a request on its admin socket. Inside the server the stores
// are the server's own, so in-memory state follows: revoking sessions goes through
// SessionStore, whose signals close the user's live sockets, and the sign-in throttle is
// the server's LoginLimiter. Every command writes an audit entry with actor "admin-cli".
class AdminCommands
{
public:
    struct Services
    {
        Database &database;
        UserStore &users;
        SessionStore &sessions;
        AuditLog &audit;
        QString dataDir;
        LoginLimiter *limiter = nullptr; // set only inside a running server
    };

    enum class Kind {
        UsersList,
        UsersAdd,
        UsersDisable,
        UsersEnable,
        UsersResetPassword,
        UsersGrantAdmin,
        UsersRevokeAdmin,
        UsersDelete,
        RevokeSessions,
        ClearThrottle,
        Backup,
        Restore,
        Check,
        Compact,
        Migrate,
    };
    // A command line after `admin`, checked against the command table (no database needed).
    struct Parsed
    {
        Kind kind = Kind::UsersList;
        QString name; // "users add", for messages and the audit
        QString target; // LOGIN, "all", an address...
        bool admin = false; // users add --admin
        QString displayName; // users add --display-name
        QString file; // backup --to, restore --from: an absolute path (the CLI makes it one)
        QString url; // migrate --to: a postgresql:// URL
        QString error; // non-empty: not a valid command line
    };
    static Parsed parse(const QStringList &argv);
    // The command reads a password from the first line of stdin (sent along in the request).
    static bool needsPassword(Kind kind);
    // One line per command, for `admin --help`.
    static QString helpText();
    // Rewrites the FILE of --to/--from as an absolute path (the server's working folder is
    // not the caller's).
    static QStringList absolutePaths(const QStringList &argv);
    // How long the CLI waits for a running server's answer: the maintenance commands read or
    // copy the whole database.
    static int timeoutMs(Kind kind);

    using Result = AdminProtocol::Answer;
    using Done = std::function<void(const Result &)>;
    // `restore --from FILE`: only with no server serving, and with nothing holding the
    // database open (the CLI runs it holding the data lock, before opening anything).
    static Result restore(const QString &dataDir, const Parsed &parsed);
    // Hashes a password and hands the hash to `then` (empty: failed). The default hashes at
    // once; the server hashes on a worker thread so its event loop never waits for Argon2id.
    using Hasher = std::function<void(const QString &password, std::function<void(const QString &hash)> then)>;

    explicit AdminCommands(Services services);
    void setHasher(Hasher hasher) { m_hasher = std::move(hasher); }

    // Runs the request and calls `finished` once, at once or (for a password) after hashing.
    void run(const AdminProtocol::Request &request, const Done &finished);

private:
    bool live() const { return m_s.limiter != nullptr; }
    QString address() const;
    void audit(const QString &action, const QString &target, const QString &detail = QString());
    int enabledAdmins() const;
    Result usersList();
    void usersAdd(const Parsed &p, const QString &password, const Done &done);
    Result setDisabled(const Parsed &p, bool disabled);
    void resetPassword(const Parsed &p, const QString &password, const Done &done);
    Result setAdmin(const Parsed &p, bool admin);
    Result usersDelete(const Parsed &p);
    Result revokeSessions(const Parsed &p);
    Result clearThrottle(const Parsed &p);
    Result maintenance(const Parsed &p);

    Services m_s;
    Hasher m_hasher;
};

} // namespace Tessera::Server
