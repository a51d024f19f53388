#pragma once

#include "core/protocol/httpbodies.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace Tessera::Core {
class ApiClient;
class SyncClient;
}

namespace Tessera::App {

// A new board: its name (required), an optional description, and the columns it starts
// with: Tasks (title, status, assignee, due date), Blank (a title only) or a copy of the
// columns of one of my boards. Creating needs the server (POST /api/v1/boards): offline the
// dialog says so and Create waits for the connection. created() carries the board as the
// server made it; the dialog then closes. Shown with open().
class NewBoardDialog final : public QDialog
{
    Q_OBJECT

public:
    // `copyable`: the boards whose columns may be copied (mine, not deleted).
    NewBoardDialog(Core::ApiClient *api, Core::SyncClient *sync, const QList<Core::BoardSummary> &copyable,
                   QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QRadioButton *tasksButton() const { return m_tasks; }
    QRadioButton *blankButton() const { return m_blank; }
    QRadioButton *copyButton() const { return m_copy; }
    QComboBox *copyFromBox() const { return m_copyFrom; }
    QPushButton *createButton() const { return m_create; }
    QString message() const;

Q_SIGNALS:
    void created(const Tessera::Core::BoardSummary &board);

private:
    void create();
    void refresh();
    bool online() const;

    Core::ApiClient *m_api;
    QPointer<Core::SyncClient> m_sync;
    QLineEdit *m_name;
    QPlainTextEdit *m_description;
    QRadioButton *m_tasks;
    QRadioButton *m_blank;
    QRadioButton *m_copy;
    QComboBox *m_copyFrom;
    QLabel *m_message;
    QPushButton *m_create;
    bool m_busy = false;
};

} // namespace Tessera::App
