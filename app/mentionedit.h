#pragma once

#include <QPlainTextEdit>

class QCompleter;
class QStringListModel;

namespace Tessera::App {

// The comment box: typing "@" and a few letters offers board members' logins (QCompleter);
// accepting one inserts "@login ". Mentions of known logins are highlighted as typed.
// Ctrl+Enter submits.
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
    void keyPressEvent(QKeyEvent *event) override;

private:
    QString mentionPrefix() const; // the text after '@' under the cursor, or null
    void insertCompletion(const QString &completion);

    QCompleter *m_completer;
    QStringListModel *m_model;
    QStringList m_logins;
};

} // namespace Tessera::App
