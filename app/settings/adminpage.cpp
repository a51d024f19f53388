#include "adminpage.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QLocale>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {
constexpr int UserIdRole = Qt::UserRole + 1;
}

AdminPage::AdminPage(QWidget *parent)
    : QWidget(parent), m_users(new QTableWidget(0, 4, this)), m_login(new QLineEdit(this)),
      m_name(new QLineEdit(this)), m_password(new QLineEdit(this)), m_newAdmin(new QCheckBox(tr("Server admin"), this)),
      m_resetPassword(new QLineEdit(this)), m_registration(new QCheckBox(tr("Anyone may create an account"), this)),
      m_batchWindow(new QSpinBox(this)), m_polling(new QSpinBox(this)), m_presenceTtl(new QSpinBox(this)),
      m_retention(new QSpinBox(this))
{
    m_users->setHorizontalHeaderLabels({ tr("Login"), tr("Name"), tr("Admin"), tr("Status") });
    m_users->setAccessibleName(tr("Users"));
    m_users->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_users->verticalHeader()->hide();
    m_users->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_users->setSelectionMode(QAbstractItemView::SingleSelection);
    m_users->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_users->verticalHeader()->setDefaultSectionSize(m_users->fontMetrics().height() + 8);
    m_users->setMinimumHeight(150);

    auto *disable = new QPushButton(tr("Disable / enable"), this);
    auto *admin = new QPushButton(tr("Grant / revoke admin"), this);
    auto *reset = new QPushButton(tr("Reset password"), this);
    m_resetPassword->setEchoMode(QLineEdit::Password);
    m_resetPassword->setPlaceholderText(tr("New password"));
    connect(disable, &QPushButton::clicked, this, [this] {
        const QString id = selectedUserId();
        if (!id.isEmpty())
            Q_EMIT userDisabledRequested(id, m_users->item(m_users->currentRow(), 3)->data(Qt::UserRole).toBool() == false);
    });
    connect(admin, &QPushButton::clicked, this, [this] {
        const QString id = selectedUserId();
        if (!id.isEmpty())
            Q_EMIT userAdminRequested(id, m_users->item(m_users->currentRow(), 2)->data(Qt::UserRole).toBool() == false);
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        const QString id = selectedUserId();
        if (!id.isEmpty() && !m_resetPassword->text().isEmpty()) {
            Q_EMIT resetPasswordRequested(id, m_resetPassword->text());
            m_resetPassword->clear();
        }
    });
    auto *userButtons = new QHBoxLayout;
    userButtons->addWidget(disable);
    userButtons->addWidget(admin);
    userButtons->addStretch();
    userButtons->addWidget(m_resetPassword);
    userButtons->addWidget(reset);

    m_login->setPlaceholderText(tr("login"));
    m_name->setPlaceholderText(tr("Display name"));
    m_password->setPlaceholderText(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    auto *create = new QPushButton(tr("Create user"), this);
    connect(create, &QPushButton::clicked, this, [this] {
        if (m_login->text().trimmed().isEmpty() || m_password->text().isEmpty())
            return;
        Q_EMIT createUserRequested(m_login->text().trimmed(), m_name->text().trimmed(), m_password->text(),
                                   m_newAdmin->isChecked());
        m_login->clear();
        m_name->clear();
        m_password->clear();
        m_newAdmin->setChecked(false);
    });
    auto *createRow = new QHBoxLayout;
    createRow->addWidget(m_login);
    createRow->addWidget(m_name);
    createRow->addWidget(m_password);
    createRow->addWidget(m_newAdmin);
    createRow->addWidget(create);

    auto *usersBox = new QGroupBox(tr("Users"), this);
    auto *usersLayout = new QVBoxLayout(usersBox);
    usersLayout->addWidget(m_users);
    usersLayout->addLayout(userButtons);
    usersLayout->addLayout(createRow);

    connect(m_registration, &QCheckBox::clicked, this, &AdminPage::registrationChangeRequested);

    const auto spin = [](QSpinBox *box, int min, int max, const QString &suffix) {
        box->setRange(min, max);
        box->setSuffix(suffix);
    };
    spin(m_batchWindow, 0, 1000, tr(" ms"));
    spin(m_polling, 1, 3600, tr(" s"));
    spin(m_presenceTtl, 5, 3600, tr(" s"));
    spin(m_retention, 1, 3650, tr(" days"));
    setRealtimeSettings({});
    auto *apply = new QPushButton(tr("Apply"), this);
    connect(apply, &QPushButton::clicked, this, [this] { Q_EMIT realtimeSettingsChangeRequested(realtimeSettings()); });
    auto *realtimeBox = new QGroupBox(tr("Realtime"), this);
    auto *form = new QFormLayout(realtimeBox);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    for (QSpinBox *box : { m_batchWindow, m_polling, m_presenceTtl, m_retention })
        box->setMinimumWidth(120);
    form->addRow(tr("Batch window:"), m_batchWindow);
    form->addRow(tr("Polling interval:"), m_polling);
    form->addRow(tr("Presence timeout:"), m_presenceTtl);
    form->addRow(tr("Keep event log for:"), m_retention);
    form->addRow(QString(), apply);

    auto *registrationBox = new QGroupBox(tr("Registration"), this);
    auto *registrationLayout = new QVBoxLayout(registrationBox);
    registrationLayout->addWidget(m_registration);

    m_clients = new QTableWidget(0, 4, this);
    m_clients->setObjectName(QStringLiteral("clientsTable"));
    m_clients->setAccessibleName(tr("Connected clients"));
    m_clients->setHorizontalHeaderLabels({ tr("User"), tr("Address"), tr("Since"), tr("Subscriptions") });
    m_boards = new QTableWidget(0, 3, this);
    m_boards->setObjectName(QStringLiteral("boardsActivityTable"));
    m_boards->setAccessibleName(tr("Board activity"));
    m_boards->setHorizontalHeaderLabels({ tr("Board"), tr("Head seq"), tr("Events, last hour") });
    m_jobs = new QTableWidget(0, 6, this);
    m_jobs->setObjectName(QStringLiteral("jobsTable"));
    m_jobs->setAccessibleName(tr("Background jobs"));
    m_jobs->setHorizontalHeaderLabels({ tr("Job"), tr("By"), tr("State"), tr("Rows"), tr("Failed rows"), tr("Problem") });
    for (QTableWidget *table : { m_clients, m_boards, m_jobs }) {
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->verticalHeader()->hide();
        table->horizontalHeader()->setStretchLastSection(true);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->setMaximumHeight(100);
    }
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("refreshActivity"));
    refresh->setAccessibleName(tr("Refresh activity and jobs"));
    connect(refresh, &QPushButton::clicked, this, &AdminPage::activityRefreshRequested);
    auto *activityBox = new QGroupBox(tr("Activity"), this);
    auto *activityLayout = new QGridLayout(activityBox);
    activityLayout->addWidget(m_clients, 0, 0);
    activityLayout->addWidget(m_boards, 0, 1);
    activityLayout->setColumnStretch(0, 3);
    activityLayout->setColumnStretch(1, 2);
    activityLayout->addWidget(m_jobs, 1, 0, 1, 2);
    activityLayout->addWidget(refresh, 2, 1, Qt::AlignRight);

    auto *lower = new QHBoxLayout;
    lower->addWidget(registrationBox, 0, Qt::AlignTop);
    lower->addWidget(realtimeBox, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(usersBox, 1);
    layout->addLayout(lower);
    layout->addWidget(activityBox);
}

void AdminPage::setActivity(const QList<Core::AdminConnection> &clients, const QList<Core::AdminBoardActivity> &boards)
{
    QHash<QString, QString> boardNames;
    for (const Core::AdminBoardActivity &b : boards)
        boardNames.insert(QStringLiteral("board:") + b.boardId, b.name);
    m_clients->setRowCount(0);
    for (const Core::AdminConnection &c : clients) {
        const int row = m_clients->rowCount();
        m_clients->insertRow(row);
        const QDateTime since = QDateTime::fromString(c.since, Qt::ISODateWithMs).toLocalTime();
        QStringList streams;
        for (const QString &s : c.subscriptions)
            streams.append(boardNames.value(s, s)); // "Product launch" rather than board:<uuid>
        const QStringList cells { c.user, c.address, QLocale().toString(since, QLocale::ShortFormat), streams.join(QStringLiteral(", ")) };
        for (int col = 0; col < cells.size(); ++col)
            m_clients->setItem(row, col, new QTableWidgetItem(cells.at(col)));
    }
    m_boards->setRowCount(0);
    for (const Core::AdminBoardActivity &b : boards) {
        const int row = m_boards->rowCount();
        m_boards->insertRow(row);
        m_boards->setItem(row, 0, new QTableWidgetItem(b.name.isEmpty() ? b.boardId : b.name));
        m_boards->setItem(row, 1, new QTableWidgetItem(QString::number(b.headSeq)));
        m_boards->setItem(row, 2, new QTableWidgetItem(QString::number(b.eventsLastHour)));
    }
}

void AdminPage::setJobs(const QList<Core::JobProgress> &jobs)
{
    m_jobs->setRowCount(0);
    for (const Core::JobProgress &job : jobs) {
        const int row = m_jobs->rowCount();
        m_jobs->insertRow(row);
        const QStringList cells { job.kind == QLatin1String("import") ? tr("CSV import") : job.kind,
                                  job.ownerLogin.isEmpty() ? job.owner : job.ownerLogin,
                                  Core::jobStateName(job.state),
                                  tr("%1 of %2").arg(job.done).arg(job.total),
                                  QString::number(job.failed),
                                  job.error };
        for (int col = 0; col < cells.size(); ++col)
            m_jobs->setItem(row, col, new QTableWidgetItem(cells.at(col)));
    }
}

void AdminPage::setUsers(const QList<Core::User> &users)
{
    m_users->setRowCount(0);
    for (const Core::User &user : users) {
        const int row = m_users->rowCount();
        m_users->insertRow(row);
        auto *login = new QTableWidgetItem(user.login);
        login->setData(UserIdRole, user.id);
        auto *admin = new QTableWidgetItem(user.admin ? tr("Yes") : QString());
        admin->setData(Qt::UserRole, user.admin);
        auto *status = new QTableWidgetItem(user.disabled ? tr("Disabled") : tr("Active"));
        status->setData(Qt::UserRole, user.disabled);
        m_users->setItem(row, 0, login);
        m_users->setItem(row, 1, new QTableWidgetItem(user.displayName));
        m_users->setItem(row, 2, admin);
        m_users->setItem(row, 3, status);
    }
}

QString AdminPage::selectedUserId() const
{
    const int row = m_users->currentRow();
    return row >= 0 ? m_users->item(row, 0)->data(UserIdRole).toString() : QString();
}

void AdminPage::setRegistrationOpen(bool open)
{
    m_registration->setChecked(open);
}

void AdminPage::setRealtimeSettings(const RealtimeSettings &settings)
{
    m_batchWindow->setValue(settings.batchWindowMs);
    m_polling->setValue(settings.pollingIntervalSeconds);
    m_presenceTtl->setValue(settings.presenceTtlSeconds);
    m_retention->setValue(settings.logRetentionDays);
}

AdminPage::RealtimeSettings AdminPage::realtimeSettings() const
{
    return { m_batchWindow->value(), m_polling->value(), m_presenceTtl->value(), m_retention->value() };
}

} // namespace Tessera::App
