#pragma once

#include "core/protocol/command.h"
#include "core/protocol/domain.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QCompleter;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;

namespace Tessera::Core {
class ApiClient;
class BoardStore;
class SyncClient;
}

namespace Tessera::App {

class OpSender;

// Who has access to a board: every member with their role (a combo: owner, editor,
// viewer) and Remove; below, invite someone by login or display name (completed from the
// server's user directory) with a role. Owners change it, everyone else sees it read-only.
// Each change goes out at once through the outbox (live for everyone, waiting there while
// offline); the list shows the board with my pending changes and follows everyone else's,
// and a refusal (e.g. removing the last owner) is shown here. Non-modal; closes with its
// board.
class MembersDialog final : public QDialog
{
    Q_OBJECT

public:
    // `api` carries the session for the user directory; `store` is the open board's.
    MembersDialog(Core::SyncClient *sync, Core::ApiClient *api, const QString &boardId, Core::BoardStore *store,
                  const QString &me, QWidget *parent = nullptr);

    QString boardId() const { return m_boardId; }
    QLineEdit *inviteEdit() const { return m_invite; }
    QComboBox *inviteRoleBox() const { return m_inviteRole; }
    QPushButton *inviteButton() const { return m_inviteButton; }
    QComboBox *roleBox(const QString &userId) const;
    QPushButton *removeButton(const QString &userId) const;
    QStringList memberIds() const; // as listed
    QString message() const;
    bool directoryLoaded() const { return !m_directory.isEmpty(); }

Q_SIGNALS:
    void directoryChanged();

private:
    struct Row
    {
        QString userId;
        QLabel *name = nullptr;
        QComboBox *role = nullptr;
        QPushButton *remove = nullptr;
    };

    void loadDirectory();
    void refresh();
    void invite();
    void send(const Core::Op &op);
    void say(const QString &text, bool problem = false);
    QString nameOf(const Core::Member &member) const;
    std::optional<Core::User> resolve(const QString &typed) const;
    static QString entryOf(const Core::User &user);

    Core::SyncClient *m_sync;
    Core::ApiClient *m_api;
    QString m_boardId;
    QPointer<Core::BoardStore> m_store;
    QString m_me;
    OpSender *m_sender;
    QList<Core::User> m_directory;
    QList<Row> m_rows;
    QWidget *m_rowsWidget;
    QGridLayout *m_grid;
    QLineEdit *m_invite;
    QComboBox *m_inviteRole;
    QPushButton *m_inviteButton;
    QStringListModel *m_completions;
    QCompleter *m_completer;
    QLabel *m_message;
    QLabel *m_readOnlyNote;
};

} // namespace Tessera::App
