#include "settingsdialog.h"

#include "adminpage.h"

#include "core/client/serverlist.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {

const QStringList AlertKinds { QStringLiteral("mention"), QStringLiteral("assigned"), QStringLiteral("comment") };

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    label->setFont(font);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent), m_pages(new QListWidget(this)), m_stack(new QStackedWidget(this)), m_admin(new AdminPage)
{
    setWindowTitle(tr("Settings"));
    m_pages->setFixedWidth(170);
    m_pages->setAccessibleName(tr("Settings pages"));
    m_pages->setIconSize(QSize(16, 16));
    m_pages->setSpacing(2);
    const QList<std::pair<QString, QWidget *>> pages {
        { tr("General"), makeGeneral() },
        { tr("Notifications"), makeNotifications() },
        { tr("Appearance"), makeAppearance() },
        { tr("Account"), makeAccount() },
    };
    for (const auto &[name, page] : pages) {
        m_pages->addItem(name);
        m_stack->addWidget(page);
    }
    auto *adminWrap = new QWidget;
    auto *adminLayout = new QVBoxLayout(adminWrap);
    adminLayout->addWidget(heading(tr("Server administration")));
    adminLayout->addWidget(m_admin, 1);
    m_pages->addItem(tr("Admin"));
    m_stack->addWidget(adminWrap);
    connect(m_pages, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    setServerAdmin(false);
    m_pages->setCurrentRow(0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *body = new QHBoxLayout;
    body->addWidget(m_pages);
    body->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(buttons);
    resize(780, 620);
}

QWidget *SettingsDialog::makeGeneral()
{
    auto *page = new QWidget;
    m_servers = new QListWidget(page);
    m_servers->setAccessibleName(tr("Known servers"));
    auto *remove = new QPushButton(tr("Forget server"), page);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_servers->currentItem())
            Q_EMIT serverRemoveRequested(item->text());
    });
    m_addresses = new QLineEdit(page);
    m_addresses->setObjectName(QStringLiteral("serverAddresses"));
    m_addresses->setAccessibleName(tr("Server addresses"));
    m_addresses->setPlaceholderText(QStringLiteral("https://tessera-a.example.com:7420,https://tessera-b.example.com:7420"));
    m_saveAddresses = new QPushButton(tr("Save addresses"), page);
    m_saveAddresses->setObjectName(QStringLiteral("saveServerAddresses"));
    m_saveAddresses->setAccessibleName(tr("Save server addresses"));
    m_addressesMessage = new QLabel(page);
    m_addressesMessage->setObjectName(QStringLiteral("serverAddressesMessage"));
    m_addressesMessage->setTextFormat(Qt::PlainText);
    m_addressesMessage->setWordWrap(true);
    m_addressesMessage->hide();
    const auto save = [this] {
        QString error;
        if (Core::ServerList::entriesOf(m_addresses->text(), &error).isEmpty()) {
            setServerAddressesMessage(error, true);
            return;
        }
        Q_EMIT serverAddressesChangeRequested(m_addresses->text().trimmed());
    };
    connect(m_saveAddresses, &QPushButton::clicked, this, save);
    connect(m_addresses, &QLineEdit::returnPressed, this, save);
    setServerAddresses(QString());

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Connections")));
    auto *addressesLabel = new QLabel(tr("Addresses of this server. A server with several nodes: all their addresses, "
                                         "separated by commas; the first names the server. When one node goes down, "
                                         "Tessera moves to the next."),
                                      page);
    addressesLabel->setWordWrap(true);
    addressesLabel->setBuddy(m_addresses);
    layout->addWidget(addressesLabel);
    auto *addressesRow = new QHBoxLayout;
    addressesRow->addWidget(m_addresses, 1);
    addressesRow->addWidget(m_saveAddresses);
    layout->addLayout(addressesRow);
    layout->addWidget(m_addressesMessage);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Servers this computer has connected to:"), page));
    layout->addWidget(m_servers, 1);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(remove);
    layout->addLayout(row);
    return page;
}

QWidget *SettingsDialog::makeNotifications()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Notifications")));
    layout->addWidget(new QLabel(tr("Show a desktop alert when the window is not active for:"), page));
    const QStringList labels { tr("Mentions of me"), tr("Items assigned to me"), tr("Comments on my items") };
    for (const QString &label : labels) {
        auto *box = new QCheckBox(label, page);
        connect(box, &QCheckBox::toggled, this, [this] { Q_EMIT alertKindsChanged(alertKinds()); });
        m_alertBoxes.append(box);
        layout->addWidget(box);
    }
    layout->addStretch();
    setAlertKinds({ QStringLiteral("mention"), QStringLiteral("assigned") });
    return page;
}

QWidget *SettingsDialog::makeAppearance()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Appearance")));
    m_appearance = new QButtonGroup(page);
    const QList<std::pair<QString, Appearance::Mode>> modes { { tr("Follow the system"), Appearance::Mode::System },
                                                              { tr("Light"), Appearance::Mode::Light },
                                                              { tr("Dark"), Appearance::Mode::Dark } };
    for (const auto &[label, mode] : modes) {
        auto *button = new QRadioButton(label, page);
        m_appearance->addButton(button, int(mode));
        layout->addWidget(button);
    }
    m_appearance->button(int(Appearance::Mode::System))->setChecked(true);
    connect(m_appearance, &QButtonGroup::idClicked, this, [this](int id) {
        Appearance::apply(Appearance::Mode(id));
        Q_EMIT appearanceChanged(Appearance::Mode(id));
    });
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::makeAccount()
{
    auto *page = new QWidget;
    m_displayName = new QLineEdit(page);
    m_displayName->setAccessibleName(tr("Display name"));
    auto *saveName = new QPushButton(tr("Save"), page);
    connect(saveName, &QPushButton::clicked, this, [this] {
        if (!m_displayName->text().trimmed().isEmpty())
            Q_EMIT displayNameChangeRequested(m_displayName->text().trimmed());
    });
    auto *current = new QLineEdit(page);
    auto *fresh = new QLineEdit(page);
    auto *again = new QLineEdit(page);
    for (QLineEdit *edit : { current, fresh, again })
        edit->setEchoMode(QLineEdit::Password);
    current->setAccessibleName(tr("Current password"));
    fresh->setAccessibleName(tr("New password"));
    again->setAccessibleName(tr("New password again"));
    auto *mismatch = new QLabel(page);
    mismatch->setForegroundRole(QPalette::BrightText);
    auto *change = new QPushButton(tr("Change password"), page);
    connect(change, &QPushButton::clicked, this, [this, current, fresh, again, mismatch] {
        if (fresh->text().isEmpty() || fresh->text() != again->text()) {
            mismatch->setText(tr("The new passwords do not match."));
            return;
        }
        mismatch->clear();
        Q_EMIT passwordChangeRequested(current->text(), fresh->text());
        for (QLineEdit *edit : { current, fresh, again })
            edit->clear();
    });
    auto *signOut = new QPushButton(tr("Sign out"), page);
    connect(signOut, &QPushButton::clicked, this, &SettingsDialog::signOutRequested);

    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(m_displayName, 1);
    nameRow->addWidget(saveName);
    auto *form = new QFormLayout;
    form->addRow(tr("Display name:"), nameRow);
    form->addRow(tr("Current password:"), current);
    form->addRow(tr("New password:"), fresh);
    form->addRow(tr("Repeat new password:"), again);
    form->addRow(QString(), mismatch);
    form->addRow(QString(), change);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Account")));
    layout->addLayout(form);
    layout->addStretch();
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(signOut);
    layout->addLayout(row);
    return page;
}

void SettingsDialog::setServerAdmin(bool admin)
{
    QListWidgetItem *item = m_pages->item(Admin);
    item->setHidden(!admin);
    if (!admin && m_pages->currentRow() == Admin)
        m_pages->setCurrentRow(General);
}

bool SettingsDialog::isAdminPageAvailable() const
{
    return !m_pages->item(Admin)->isHidden();
}

void SettingsDialog::showPage(Page page)
{
    if (page == Admin && !isAdminPageAvailable())
        return;
    m_pages->setCurrentRow(page);
}

void SettingsDialog::setServers(const QStringList &urls)
{
    m_servers->clear();
    m_servers->addItems(urls);
}

void SettingsDialog::setServerAddresses(const QString &text)
{
    m_addresses->setText(text);
    m_addresses->setEnabled(!text.isEmpty());
    m_saveAddresses->setEnabled(!text.isEmpty());
    m_addressesMessage->hide();
}

void SettingsDialog::setServerAddressesMessage(const QString &message, bool error)
{
    m_addressesMessage->setText(message);
    m_addressesMessage->setStyleSheet(error ? QStringLiteral("color: #d93025;") : QString());
    m_addressesMessage->setVisible(!message.isEmpty());
}

QString SettingsDialog::serverAddressesMessage() const
{
    return m_addressesMessage->isVisibleTo(this) ? m_addressesMessage->text() : QString();
}

QStringList SettingsDialog::servers() const
{
    QStringList urls;
    for (int i = 0; i < m_servers->count(); ++i)
        urls.append(m_servers->item(i)->text());
    return urls;
}

void SettingsDialog::setAlertKinds(const QStringList &kinds)
{
    for (int i = 0; i < m_alertBoxes.size(); ++i) {
        const QSignalBlocker blocker(m_alertBoxes.at(i));
        m_alertBoxes.at(i)->setChecked(kinds.contains(AlertKinds.at(i)));
    }
}

QStringList SettingsDialog::alertKinds() const
{
    QStringList kinds;
    for (int i = 0; i < m_alertBoxes.size(); ++i) {
        if (m_alertBoxes.at(i)->isChecked())
            kinds.append(AlertKinds.at(i));
    }
    return kinds;
}

void SettingsDialog::setAppearance(Appearance::Mode mode)
{
    m_appearance->button(int(mode))->setChecked(true);
}

Appearance::Mode SettingsDialog::appearance() const
{
    return Appearance::Mode(m_appearance->checkedId());
}

void SettingsDialog::setDisplayName(const QString &name)
{
    m_displayName->setText(name);
}

QString SettingsDialog::displayName() const
{
    return m_displayName->text();
}

} // namespace Tessera::App
