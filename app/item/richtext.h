#pragma once

#include <QString>
#include <QStringList>

namespace Tessera::App {

// Turns text other people wrote into safe HTML: everything is escaped (shown as plain
// text), only http, https and mailto links become clickable, and @mentions of the given
// logins are highlighted.
class RichText final
{
public:
    static QString fromPlainText(const QString &text, const QStringList &mentionLogins = {},
                                 const QString &mentionColor = QStringLiteral("#2f6fdf"));
};

} // namespace Tessera::App
