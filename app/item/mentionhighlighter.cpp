#include "mentionhighlighter.h"

#include <QRegularExpression>

namespace Tessera::App {

MentionHighlighter::MentionHighlighter(QObject *parent, QTextDocument *document)
    : QSyntaxHighlighter(parent)
{
    setDocument(document);
}

void MentionHighlighter::setLogins(const QStringList &logins)
{
    m_logins = logins;
    rehighlight();
}

void MentionHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression mention(QStringLiteral(R"((?<![\w.])@([A-Za-z0-9_.-]*[A-Za-z0-9_]))"));
    QTextCharFormat format;
    format.setForeground(QColor(0x2f, 0x6f, 0xdf));
    format.setFontWeight(QFont::DemiBold);
    auto it = mention.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (m_logins.contains(match.captured(1), Qt::CaseInsensitive))
            setFormat(int(match.capturedStart()), int(match.capturedLength()), format);
    }
}

} // namespace Tessera::App
