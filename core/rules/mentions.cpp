#include "mentions.h"

#include "boardstate.h"

#include <QRegularExpression>

namespace Tessera::Core::Mentions {

QStringList logins(const QString &body)
{
    // "@" at the start or after a character that cannot be part of an address or word.
    static const QRegularExpression pattern(QStringLiteral("(?:^|(?<=[^\\w@.+-]))@([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})"));
    QStringList out;
    auto it = pattern.globalMatch(body);
    while (it.hasNext()) {
        QString login = it.next().captured(1);
        while (login.endsWith(QLatin1Char('.')) || login.endsWith(QLatin1Char('-')))
            login.chop(1); // "@ana." at the end of a sentence mentions ana
        login = login.toLower();
        if (!login.isEmpty() && !out.contains(login))
            out.append(login);
        if (out.size() >= 64)
            break;
    }
    return out;
}

QStringList resolve(const QString &body, const BoardState &state)
{
    QStringList ids;
    for (const QString &login : logins(body)) {
        if (const Member *m = state.memberByLogin(login); m && !ids.contains(m->userId))
            ids.append(m->userId);
    }
    return ids;
}

} // namespace Tessera::Core::Mentions
