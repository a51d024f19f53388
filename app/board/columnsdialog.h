#pragma once

#include "core/protocol/command.h"
#include "core/protocol/domain.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Tessera::Core {
class BoardStore;
class SyncClient;
}

namespace Tessera::App {

class ColumnList;
class OpSender;
class StatusOptionsEditor;

// A board's columns in one place: add (name and type), rename, change the type, reorder
// (drag or Move up / down), delete (after asking), and a status column's options with
// colours named from the Palette. Each change goes out at once as its own op through the
// outbox, so others see it live and it waits there while offline; the dialog shows the
// board with my pending changes (BoardOps::effective) and follows everyone else's. A
// refusal (e.g. a type change that would lose values) is shown in the dialog and rolled
// back. Owners only: for others it is read-only. Non-modal; closes with its board.
class ColumnsDialog final : public QDialog
{
    Q_OBJECT

public:
    // `store` is the open board's; the dialog closes when it goes.
    ColumnsDialog(Core::SyncClient *sync, const QString &boardId, Core::BoardStore *store, const QString &me,
                  QWidget *parent = nullptr);

    QString boardId() const { return m_boardId; }
    ColumnList *columnList() const { return m_list; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *typeBox() const { return m_type; }
    StatusOptionsEditor *optionsEditor() const { return m_options; }
    QLineEdit *newNameEdit() const { return m_newName; }
    QComboBox *newTypeBox() const { return m_newType; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *upButton() const { return m_up; }
    QPushButton *downButton() const { return m_down; }
    QPushButton *deleteButton() const { return m_delete; }
    QString message() const;
    QString currentColumnId() const;
    void selectColumn(const QString &columnId);

private:
    void refresh();
    void showCurrent();
    void send(const Core::Op &op);
    void say(const QString &text, bool problem = false);
    void addColumn();
    void moveCurrent(int delta);
    void moveColumn(int from, int to);
    void askToDelete();
    const Core::Column *current() const;
    bool isOwner() const;
    bool isConfirmed(const QString &columnId) const;

    Core::SyncClient *m_sync;
    QString m_boardId;
    QPointer<Core::BoardStore> m_store;
    QString m_me;
    OpSender *m_sender;
    QList<Core::Column> m_columns; // as shown: the board with my pending changes
    ColumnList *m_list;
    QLineEdit *m_name;
    QComboBox *m_type;
    QLabel *m_optionsLabel;
    StatusOptionsEditor *m_options;
    QWidget *m_optionsArea = nullptr;
    QWidget *m_details;
    QLabel *m_detailsNote;
    QLineEdit *m_newName;
    QComboBox *m_newType;
    QPushButton *m_add;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_delete;
    QLabel *m_message;
    QLabel *m_readOnlyNote;
};

} // namespace Tessera::App
