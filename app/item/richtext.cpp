#include "richtext.h"

#include <QRegularExpression>

namespace Tessera::App {

QString RichText::fromPlainText(const QString &text, const QStringList &mentionLogins, const QString &mentionColor)
{
    static const QRegularExpression tokens(
            QStringLiteral(R"((https?://[^\s<>"]+[^\s<>".,;:!?)\]]|mailto:[^\s<>"]+[^\s<>".,;:!?)\]])|(?<![\w.])@([A-Za-z0-9_.-]+[A-Za-z0-9_]))"),
            QRegularExpression::CaseInsensitiveOption);
    QString html;
    qsizetype last = 0;
    auto it = tokens.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        html += text.mid(last, match.capturedStart() - last).toHtmlEscaped();
        if (match.capturedLength(1) > 0) {
            const QString url = match.captured(1).toHtmlEscaped();
            html += QStringLiteral("<a href=\"%1\">%1</a>").arg(url);
        } else if (mentionLogins.contains(match.captured(2), Qt::CaseInsensitive)) {
            html += QStringLiteral("<span style=\"color:%1;font-weight:600\">@%2</span>")
                            .arg(mentionColor, match.captured(2).toHtmlEscaped());
        } else {
            html += match.captured(0).toHtmlEscaped();
        }
        last = match.capturedEnd();
    }
    html += text.mid(last).toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return html;
}

} // namespace Tessera::App
