#pragma once

#include <QPlainTextEdit>

class QCompleter;
class QStringListModel;

namespace Tessera::App {

// The comment box: typing "@" and a few letters offers board members' logins (QCompleter);
// Tab or Enter (or a click) accepts the offered login and inserts "@login "; a space or
// Esc just closes the list. Mentions of known logins are highlighted as typed.
// Ctrl+Enter submits; nothing else does (a half-written comment is never sent).
class MentionEdit final : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit MentionEdit(QWidget *parent = nullptr);

    // login -> display name; the completer shows "login — Name".
    void setMembers(const QStringList &logins, const QStringList &displayNames);
    QStringList logins() const { return m_logins; }
    QCompleter *completer() const { return m_completer; }

Q_SIGNALS:
    void submitRequested();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QString mentionPrefix() const; // the text after '@' under the cursor, or null
    void insertCompletion(const QString &completion);

    QCompleter *m_completer;
    QStringListModel *m_model;
    QStringList m_logins;
};

} // namespace Tessera::App
