#pragma once

#include <QSyntaxHighlighter>

namespace Tessera::App {

// Highlights "@login" for the board members' logins while a comment is typed.
class MentionHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    MentionHighlighter(QObject *parent, QTextDocument *document);
    void setLogins(const QStringList &logins);

protected:
    void highlightBlock(const QString &text) override;

private:
    QStringList m_logins;
};

} // namespace Tessera::App
