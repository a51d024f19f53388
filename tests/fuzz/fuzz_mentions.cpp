// Fuzz target: @mention parsing on arbitrary text.
#include "core/rules/mentions.h"

#include <QRegularExpression>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Tessera::Core;
    const QString body = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QStringList logins = Mentions::logins(body);
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9_][a-z0-9_.-]{0,63}$"));
    if (logins.size() > 64)
        std::abort();
    for (const QString &login : logins) {
        if (!valid.match(login).hasMatch() || login.endsWith(QLatin1Char('.')) || logins.count(login) != 1)
            std::abort();
        if (!body.contains(QLatin1Char('@') + login, Qt::CaseInsensitive))
            std::abort();
    }
    return 0;
}
