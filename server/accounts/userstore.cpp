#include "userstore.h"

#include "passwordhasher.h"
#include "passwordpolicy.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Tessera::Server {

namespace {

Core::User userFrom(const QSqlQuery &q)
{
    Core::User u;
    u.id = q.value(0).toString();
    u.login = q.value(1).toString();
    u.displayName = q.value(2).toString();
    u.admin = q.value(3).toBool();
    u.disabled = q.value(4).toBool();
    return u;
}

const QString SelectUser = QStringLiteral("SELECT id, login, display_name, admin, disabled FROM users ");

} // namespace

UserStore::UserStore(QSqlDatabase db) : m_db(std::move(db)) { }

QString UserStore::validateLogin(const QString &login)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{1,63}$"));
    if (!pattern.match(login).hasMatch())
        return QStringLiteral("a login is 2-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    return QString();
}

QString UserStore::validatePassword(const QString &password, const QStringList &userWords)
{
    return PasswordPolicy::check(password, userWords);
}

QString UserStore::validateDisplayName(const QString &displayName)
{
    if (displayName.size() > 128)
        return QStringLiteral("a display name has at most 128 characters");
    for (const QChar c : displayName) {
        const char16_t u = c.unicode();
        const bool bidi = u == 0x061C || u == 0x200E || u == 0x200F || (u >= 0x202A && u <= 0x202E)
                || (u >= 0x2066 && u <= 0x2069);
        if (bidi || u == 0x2028 || u == 0x2029 || c.category() == QChar::Other_Control)
            return QStringLiteral("a display name cannot contain control characters, line breaks or "
                                  "text-direction marks and overrides");
    }
    return QString();
}

QString UserStore::checkNew(const QString &login, const QString &password, const QString &displayName) const
{
    const QString normalized = login.trimmed().toLower();
    if (QString why = validateLogin(normalized); !why.isEmpty())
        return why;
    if (byLogin(normalized))
        return QStringLiteral("a user with login '%1' already exists").arg(normalized);
    if (QString why = validateDisplayName(displayName); !why.isEmpty())
        return why;
    if (QString why = validatePassword(password, { normalized, displayName }); !why.isEmpty())
        return why;
    return QString();
}

UserStore::Created UserStore::create(const QString &login, const QString &password, const QString &displayName,
                                     bool admin)
{
    if (QString why = checkNew(login, password, displayName); !why.isEmpty())
        return { std::nullopt, why };
    const QString hash = PasswordHasher::hash(password);
    if (hash.isEmpty())
        return { std::nullopt, QStringLiteral("could not hash the password (out of memory?)") };
    return createWithHash(login, hash, displayName, admin);
}

UserStore::Created UserStore::createWithHash(const QString &login, const QString &hash, const QString &displayName,
                                             bool admin)
{
    const QString normalized = login.trimmed().toLower();
    if (QString why = validateLogin(normalized); !why.isEmpty())
        return { std::nullopt, why };
    if (QString why = validateDisplayName(displayName); !why.isEmpty())
        return { std::nullopt, why };
    if (byLogin(normalized))
        return { std::nullopt, QStringLiteral("a user with login '%1' already exists").arg(normalized) };
    Core::User u;
    u.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    u.login = normalized;
    u.displayName = displayName.trimmed().isEmpty() ? normalized : displayName.trimmed();
    u.admin = admin;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO users (id, login, display_name, password_hash, admin, disabled, created_at) "
                             "VALUES (?, ?, ?, ?, ?, 0, ?)"));
    q.addBindValue(u.id);
    q.addBindValue(u.login);
    q.addBindValue(u.displayName);
    q.addBindValue(hash);
    q.addBindValue(admin ? 1 : 0);
    q.addBindValue(Core::nowIso());
    if (!q.exec())
        return { std::nullopt, QStringLiteral("could not store the user: %1").arg(q.lastError().text()) };
    return { u, QString() };
}

namespace {

bool updateColumn(QSqlDatabase db, const QString &column, const QVariant &value, const QString &userId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE users SET %1 = ? WHERE id = ?").arg(column));
    q.addBindValue(value);
    q.addBindValue(userId);
    return q.exec() && q.numRowsAffected() == 1;
}

} // namespace

bool UserStore::setDisabled(const QString &userId, bool disabled)
{
    return updateColumn(m_db, QStringLiteral("disabled"), disabled ? 1 : 0, userId);
}

bool UserStore::setAdmin(const QString &userId, bool admin)
{
    return updateColumn(m_db, QStringLiteral("admin"), admin ? 1 : 0, userId);
}

bool UserStore::setDisplayName(const QString &userId, const QString &displayName)
{
    if (!validateDisplayName(displayName).isEmpty())
        return false;
    return updateColumn(m_db, QStringLiteral("display_name"), displayName.trimmed(), userId);
}

std::optional<Core::User> UserStore::byId(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(SelectUser + QStringLiteral("WHERE id = ?"));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return userFrom(q);
    return std::nullopt;
}

std::optional<Core::User> UserStore::byLogin(const QString &login) const
{
    QSqlQuery q(m_db);
    q.prepare(SelectUser + QStringLiteral("WHERE login = ?"));
    q.addBindValue(login.trimmed().toLower()); // stored lower-case (createWithHash)
    if (q.exec() && q.next())
        return userFrom(q);
    return std::nullopt;
}

QString UserStore::passwordHash(const QString &userId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT password_hash FROM users WHERE id = ?"));
    q.addBindValue(userId);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return QString();
}

bool UserStore::setPasswordHash(const QString &userId, const QString &hash)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"));
    q.addBindValue(hash);
    q.addBindValue(userId);
    return q.exec() && q.numRowsAffected() == 1;
}

QList<Core::User> UserStore::all(bool includeDisabled) const
{
    QSqlQuery q(m_db);
    q.prepare(SelectUser + (includeDisabled ? QString() : QStringLiteral("WHERE disabled = 0 "))
              + QStringLiteral("ORDER BY login"));
    QList<Core::User> out;
    if (q.exec()) {
        while (q.next())
            out.append(userFrom(q));
    }
    return out;
}

int UserStore::count() const
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM users")) && q.next())
        return q.value(0).toInt();
    return 0;
}

} // namespace Tessera::Server
