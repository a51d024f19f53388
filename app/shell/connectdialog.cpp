#include "connectdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>

#include "core/client/serverlist.h"

namespace Tessera::App {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QComboBox(this))
    , m_login(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_connect(new QPushButton(tr("Sign in"), this))
    , m_local(new QPushButton(tr("Run a server on this computer"), this))
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to Tessera"));
    auto *title = new QLabel(tr("Connect to a Tessera server"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    title->setFont(big);
    auto *intro = new QLabel(tr("Your team's server address and your account. Ask the person who runs it if you do not have one."), this);
    intro->setWordWrap(true);

    m_server->setEditable(true);
    m_server->setObjectName(QStringLiteral("serverUrl"));
    m_server->lineEdit()->setPlaceholderText(QStringLiteral("tessera.example.com:7420"));
    m_server->setAccessibleName(tr("Server"));
    m_server->lineEdit()->setAccessibleName(tr("Server address"));
    const QString several = tr("A server with several nodes: their addresses on one line, separated by commas "
                               "(e.g. tessera-a.example.com:7420,tessera-b.example.com:7420). Tessera uses the "
                               "first that answers and moves to another when one goes down.");
    m_server->setToolTip(several);
    m_server->lineEdit()->setAccessibleDescription(several);
    m_login->setObjectName(QStringLiteral("login"));
    m_login->setAccessibleName(tr("Login"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    auto *form = new QFormLayout;
    form->addRow(tr("Server"), m_server);
    form->addRow(tr("Login"), m_login);
    form->addRow(tr("Password"), m_password);

    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->hide();

    m_connect->setDefault(true);
    m_connect->setObjectName(QStringLiteral("signIn"));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    auto *localHint = new QLabel(tr("No server yet? Start one here, with demo accounts and a demo board, and connect to it."), this);
    localHint->setWordWrap(true);
    m_local->setObjectName(QStringLiteral("runLocalServer"));
    connect(m_local, &QPushButton::clicked, this, [this] {
        setBusy(true, tr("Starting the local server…"));
        Q_EMIT localServerRequested();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    layout->addSpacing(4);
    layout->addWidget(line);
    layout->addWidget(localHint);
    layout->addWidget(m_local, 0, Qt::AlignLeft);
    connect(m_server, &QComboBox::editTextChanged, this, &ConnectDialog::updateButtons);
    connect(m_login, &QLineEdit::textChanged, this, &ConnectDialog::updateButtons);
    connect(m_password, &QLineEdit::textChanged, this, &ConnectDialog::updateButtons);
    setMinimumWidth(460);
    updateButtons();
}

void ConnectDialog::setKnownServers(const QStringList &urls)
{
    const QString current = m_server->currentText();
    m_server->clear();
    m_server->addItems(urls);
    m_server->setEditText(current.isEmpty() && !urls.isEmpty() ? urls.first() : current);
}

void ConnectDialog::setServer(const QString &url)
{
    m_server->setEditText(url);
}

void ConnectDialog::setLogin(const QString &login)
{
    m_login->setText(login);
}

QString ConnectDialog::serverText() const
{
    return m_server->currentText().trimmed();
}

QString ConnectDialog::login() const
{
    return m_login->text().trimmed();
}

void ConnectDialog::setLocalServerAvailable(bool available)
{
    m_localAvailable = available;
    m_local->setToolTip(available ? QString() : tr("The bundled server was not found next to the app."));
    updateButtons();
}

void ConnectDialog::setBusy(bool busy, const QString &message)
{
    m_busy = busy;
    m_message->setText(message);
    m_message->setStyleSheet(QString());
    m_message->setVisible(!message.isEmpty());
    updateButtons();
}

void ConnectDialog::setError(const QString &message)
{
    setBusy(false, message);
    m_message->setStyleSheet(QStringLiteral("color: #d93025;"));
}

QString ConnectDialog::message() const
{
    return m_message->isVisibleTo(this) ? m_message->text() : QString();
}

void ConnectDialog::submit()
{
    QString error;
    if (Core::ServerList::entriesOf(serverText(), &error).isEmpty()) {
        setError(error);
        return;
    }
    setBusy(true, tr("Connecting…"));
    Q_EMIT connectRequested(serverText(), login(), m_password->text());
}

void ConnectDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    placeOverParent();
}

void ConnectDialog::placeOverParent()
{
    // Centred over the window (or the screen), and never past the screen's edges.
    adjustSize();
    const QScreen *screen = parentWidget() ? parentWidget()->screen() : this->screen();
    const QRect area = screen ? screen->availableGeometry() : QRect(0, 0, 1024, 768);
    const QWidget *window = parentWidget() ? parentWidget()->window() : nullptr;
    QRect frame = frameGeometry();
    frame.moveCenter(window && window->isVisible() ? window->frameGeometry().center() : area.center());
    frame.moveLeft(std::clamp(frame.left(), area.left(), std::max(area.left(), area.right() - frame.width())));
    frame.moveTop(std::clamp(frame.top(), area.top(), std::max(area.top(), area.bottom() - frame.height())));
    move(frame.topLeft());
}

void ConnectDialog::updateButtons()
{
    m_connect->setEnabled(!m_busy && !serverText().isEmpty() && !login().isEmpty() && !m_password->text().isEmpty());
    m_local->setEnabled(!m_busy && m_localAvailable);
    m_server->setEnabled(!m_busy);
    m_login->setEnabled(!m_busy);
    m_password->setEnabled(!m_busy);
}

} // namespace Tessera::App
