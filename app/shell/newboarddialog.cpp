#include "newboarddialog.h"

#include "core/client/apiclient.h"
#include "core/client/syncclient.h"
#include "core/protocol/limits.h"
#include "core/protocol/routes.h"
#include "core/rules/boardstate.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

NewBoardDialog::NewBoardDialog(ApiClient *api, SyncClient *sync, const QList<BoardSummary> &copyable, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_sync(sync)
    , m_name(new QLineEdit(this))
    , m_description(new QPlainTextEdit(this))
    , m_tasks(new QRadioButton(tr("Tasks: title, status, assignee and due date"), this))
    , m_blank(new QRadioButton(tr("Blank: a title only"), this))
    , m_copy(new QRadioButton(tr("The columns of:"), this))
    , m_copyFrom(new QComboBox(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("newBoardDialog"));
    setWindowTitle(tr("New board"));
    m_name->setObjectName(QStringLiteral("newBoardName"));
    m_name->setAccessibleName(tr("Board name"));
    m_name->setPlaceholderText(tr("e.g. Website relaunch"));
    m_name->setMaxLength(int(Limits::maxTitleLength));
    m_description->setObjectName(QStringLiteral("newBoardDescription"));
    m_description->setAccessibleName(tr("Board description"));
    m_description->setPlaceholderText(tr("What this board is for (optional)"));
    m_description->setTabChangesFocus(true);
    m_description->setFixedHeight(m_name->sizeHint().height() * 3);
    m_tasks->setObjectName(QStringLiteral("starterTasks"));
    m_blank->setObjectName(QStringLiteral("starterBlank"));
    m_copy->setObjectName(QStringLiteral("starterCopy"));
    m_copy->setAccessibleName(tr("The columns of another board"));
    m_copyFrom->setObjectName(QStringLiteral("copyColumnsFrom"));
    m_copyFrom->setAccessibleName(tr("Board to copy the columns of"));
    for (const BoardSummary &b : copyable)
        m_copyFrom->addItem(b.board.name, b.board.id);
    m_copy->setEnabled(m_copyFrom->count() > 0);
    m_copyFrom->setEnabled(false);
    m_tasks->setChecked(true);
    m_message->setObjectName(QStringLiteral("newBoardMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);

    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copy);
    copyRow->addWidget(m_copyFrom, 1);
    auto *starters = new QVBoxLayout;
    starters->addWidget(m_tasks);
    starters->addWidget(m_blank);
    starters->addLayout(copyRow);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("Columns:"), starters);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create board"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createBoard"));
    m_create->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &NewBoardDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(480, 0);

    connect(m_name, &QLineEdit::textChanged, this, &NewBoardDialog::refresh);
    connect(m_copy, &QRadioButton::toggled, this, [this](bool on) {
        m_copyFrom->setEnabled(on);
        if (on)
            m_copyFrom->setFocus(Qt::OtherFocusReason);
    });
    if (sync)
        connect(sync, &SyncClient::stateChanged, this, &NewBoardDialog::refresh);
    refresh();
}

bool NewBoardDialog::online() const
{
    if (!m_sync)
        return false;
    const auto state = m_sync->state();
    return state == ConnectionState::Live || state == ConnectionState::CatchingUp || state == ConnectionState::Polling;
}

void NewBoardDialog::refresh()
{
    const bool connected = online();
    m_create->setEnabled(!m_busy && connected && !m_name->text().trimmed().isEmpty());
    if (!connected)
        m_message->setText(tr("You are offline. A board can be created once Tessera is connected to the server again."));
    else if (m_message->text().startsWith(tr("You are offline.")))
        m_message->clear();
}

QString NewBoardDialog::message() const
{
    return m_message->text();
}

void NewBoardDialog::create()
{
    const QString name = m_name->text().trimmed();
    if (m_busy || name.isEmpty() || !online() || !m_api)
        return;
    QJsonObject body { { QStringLiteral("name"), name } };
    const QString description = m_description->toPlainText().trimmed();
    if (!description.isEmpty())
        body.insert(QStringLiteral("description"), description.left(Limits::maxDescriptionLength));
    if (m_copy->isChecked() && m_copyFrom->currentIndex() >= 0)
        body.insert(QStringLiteral("copyColumnsFrom"), m_copyFrom->currentData().toString());
    else
        body.insert(QStringLiteral("template"), m_blank->isChecked() ? QStringLiteral("blank") : QStringLiteral("tasks"));
    m_busy = true;
    m_message->setText(tr("Creating “%1”…").arg(name));
    refresh();
    m_api->request(QByteArrayLiteral("POST"), Routes::boards(), body, this, [this](const ApiReply &reply) {
        m_busy = false;
        const auto state = reply.ok() ? BoardState::fromSnapshotJson(reply.json) : Expected<BoardState>(BoardState {});
        if (!reply.ok() || !state || state->board.id.isEmpty()) {
            m_message->setText(reply.networkError()
                                       ? tr("The server could not be reached, so no board was created. Try again once connected.")
                                       : tr("The board was not created: %1").arg(reply.ok() ? state.error().message : reply.error));
            refresh();
            return;
        }
        BoardSummary summary;
        summary.board = state->board;
        summary.role = Role::Owner;
        summary.headSeq = state->seq;
        Q_EMIT created(summary);
        accept();
    });
}

} // namespace Tessera::App
