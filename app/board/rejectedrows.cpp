#include "rejectedrows.h"

#include "core/client/apiclient.h"
#include "core/protocol/csv.h"
#include "core/protocol/routes.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {

constexpr int RowRole = Qt::UserRole + 1;

// One CSV record (a failed row's `data`) as its cells, read with the import's own rules.
QStringList cellsOf(const QStringList &header, const QString &record)
{
    QStringList quoted;
    for (const QString &name : header)
        quoted.append(Core::Csv::field(name, false));
    const Core::Csv::Table table = Core::Csv::parse((quoted.join(QLatin1Char(',')) + QLatin1Char('\n') + record).toUtf8());
    return table.ok() && !table.rows.isEmpty() ? table.rows.constFirst() : QStringList { record };
}

} // namespace

RejectedRows::RejectedRows(Core::ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_table(new QTableWidget(this))
    , m_retry(new QPushButton(tr("Retry corrected rows"), this))
    , m_status(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("rejectedRows"));
    m_table->setAccessibleName(tr("Rejected rows to correct"));
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->verticalHeader()->setVisible(true);
    m_table->setMaximumHeight(140);
    m_retry->setObjectName(QStringLiteral("retryRows"));
    m_retry->setAccessibleName(tr("Retry corrected rows"));
    m_status->setObjectName(QStringLiteral("retryStatus"));
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Correct a rejected row here (double-click a cell), then retry it:"), this));
    layout->addWidget(m_table);
    layout->addWidget(m_retry);
    layout->addWidget(m_status);
    connect(m_retry, &QPushButton::clicked, this, &RejectedRows::retry);
    setVisible(false);
}

int RejectedRows::rowCount() const
{
    return m_table->rowCount();
}

void RejectedRows::load(const QString &jobId)
{
    m_jobId = jobId;
    m_api->request(QByteArrayLiteral("GET"), Core::Routes::jobFailures(jobId), {}, this, [this](const Core::ApiReply &r) {
        QStringList header;
        for (const QJsonValue &v : r.json.value(QStringLiteral("header")).toArray())
            header.append(v.toString());
        fill(header, r.json.value(QStringLiteral("failures")).toArray());
    });
}

void RejectedRows::fill(const QStringList &header, const QJsonArray &failures)
{
    m_columns = int(header.size());
    m_table->clear();
    m_table->setColumnCount(m_columns + 1);
    m_table->setHorizontalHeaderLabels(header + QStringList { tr("Why it was rejected") });
    m_table->setRowCount(int(failures.size()));
    for (int i = 0; i < failures.size(); ++i) {
        const QJsonObject f = failures.at(i).toObject();
        const QStringList cells = cellsOf(header, f.value(QStringLiteral("data")).toString());
        for (int c = 0; c < m_columns; ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.value(c)));
        auto *reason = new QTableWidgetItem(f.value(QStringLiteral("reason")).toString());
        reason->setFlags(reason->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(i, m_columns, reason);
        auto *label = new QTableWidgetItem(tr("Row %1").arg(f.value(QStringLiteral("row")).toInteger()));
        label->setData(RowRole, f.value(QStringLiteral("row")).toInteger());
        m_table->setVerticalHeaderItem(i, label);
    }
    m_table->resizeColumnsToContents();
    m_retry->setEnabled(!failures.isEmpty());
    m_table->setVisible(!failures.isEmpty());
    setVisible(!failures.isEmpty() || !m_status->text().isEmpty()); // "… imported" stays readable
}

void RejectedRows::retry()
{
    QJsonArray rows;
    for (int i = 0; i < m_table->rowCount(); ++i) {
        QJsonArray cells;
        for (int c = 0; c < m_columns; ++c)
            cells.append(m_table->item(i, c) ? m_table->item(i, c)->text() : QString());
        rows.append(QJsonObject { { QStringLiteral("row"), m_table->verticalHeaderItem(i)->data(RowRole).toLongLong() },
                                  { QStringLiteral("cells"), cells } });
    }
    if (rows.isEmpty())
        return;
    m_retry->setEnabled(false);
    m_status->setText(tr("Sending %n row(s)…", nullptr, int(rows.size())));
    m_api->request(QByteArrayLiteral("POST"), Core::Routes::jobRetry(m_jobId), { { QStringLiteral("rows"), rows } }, this,
                   [this](const Core::ApiReply &r) {
                       if (!r.ok()) {
                           m_status->setText(tr("Not sent: %1").arg(r.error));
                           m_retry->setEnabled(true);
                           return;
                       }
                       const int fixed = int(r.json.value(QStringLiteral("fixed")).toArray().size());
                       const int still = int(r.json.value(QStringLiteral("failures")).toArray().size());
                       m_status->setText(still == 0 ? tr("%n row(s) imported.", nullptr, fixed)
                                                    : tr("%1 row(s) imported, %2 still rejected.").arg(fixed).arg(still));
                       Q_EMIT retried(fixed, still);
                       load(m_jobId); // what is still rejected, with the new reasons
                   });
}

} // namespace Tessera::App
