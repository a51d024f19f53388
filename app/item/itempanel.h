#pragma once

#include "core/protocol/command.h"
#include "core/protocol/event.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QWidget>

#include <memory>

class QDragEnterEvent;
class QDropEvent;
class QFrame;
class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QVBoxLayout;

namespace Tessera::Core {
class BoardStore;
class CommentsModel;
class PresenceModel;
struct BatchChanges;
}

namespace Tessera::App {

class AttachmentsSection;
class DescriptionEdit;
class MentionEdit;

// One item in detail: every field editable (edits emit item.update with base), who is
// viewing/editing it (PresenceModel), a conflict banner (Keep mine / Take theirs), the
// comments (CommentsModel: mine show at once, "sending…" until confirmed; text as plain text, only http/https/mailto links clickable, mentions
// highlighted), a comment box with @mention completion, and the item's history
// (fed by setHistory; the panel does not fetch anything).
class ItemPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ItemPanel(Core::BoardStore *store, QWidget *parent = nullptr);
    ~ItemPanel() override;

    void setCurrentUser(const QString &userId);
    void setItem(const QString &itemId); // empty: nothing shown
    QString itemId() const { return m_itemId; }
    void setHistory(const Core::EventList &events); // the item's events, oldest first
    void focusTitle(); // the first text field, its text selected for typing over

    MentionEdit *commentEdit() const { return m_commentEdit; }
    DescriptionEdit *descriptionEdit() const { return m_description; }
    QWidget *editorFor(const QString &columnId) const { return m_editors.value(columnId); }
    QFrame *conflictBanner() const { return m_banner; }
    QLabel *editNotice() const { return m_editNotice; } // "changed by someone else while you edit"
    QString presenceText() const;
    QStringList commentHtml() const; // what the comment list shows, for tests
    AttachmentsSection *attachments() const { return m_attachments; }

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);
    void keepMineRequested(const QString &mutationId);
    void takeTheirsRequested(const QString &mutationId);
    // What the person does on the item, for presence: "" (just viewing) or the column edited.
    void editingFieldChanged(const QString &columnId);
    void closeRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuildEditors();
    void refreshValues();
    void refreshPresence();
    void refreshBanner();
    void refreshComments();
    void commit(const QString &columnId);
    void sendComment();
    void onBatchApplied(const Core::BatchChanges &changes);
    void beginEdit(const QString &columnId);
    void refreshEditNotice();

    Core::BoardStore *m_store;
    QString m_me;
    QString m_itemId;
    QString m_conflictMutation;
    QLabel *m_title;
    QLabel *m_presence;
    QFrame *m_banner;
    QLabel *m_bannerText;
    QFormLayout *m_form;
    QLabel *m_editNotice;
    DescriptionEdit *m_description;
    QHash<QString, QWidget *> m_editors;
    std::unique_ptr<Core::CommentsModel> m_commentsModel; // of the item shown
    std::unique_ptr<Core::PresenceModel> m_presenceModel;
    QWidget *m_comments;
    QVBoxLayout *m_commentsLayout;
    MentionEdit *m_commentEdit;
    QPushButton *m_send;
    QLabel *m_historyLabel;
    QListWidget *m_history;
    AttachmentsSection *m_attachments;
    bool m_updating = false;
    QString m_editingComment; // the comment of mine being edited in place
    QString m_commentDraft; // its text as typed so far
    // The field being edited: its base and value when editing began (OpBuilder::editBase),
    // so a change someone else makes meanwhile is shown and saved as a conflict.
    QString m_editColumn;
    QJsonObject m_editBase;
    QJsonValue m_editStartValue;
};

} // namespace Tessera::App
