#include "importdialog.h"

#include "core/client/apiclient.h"
#include "core/client/syncclient.h"
#include "core/models/boardstore.h"
#include "core/protocol/csv.h"
#include "core/protocol/routes.h"
#include "rejectedrows.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QUuid>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {

const QString NewColumn = QStringLiteral("+new");
constexpr qint64 MaxFileBytes = 50 * 1024 * 1024;

} // namespace

ImportDialog::ImportDialog(Core::ApiClient *api, Core::BoardStore *store, const QString &boardId, QWidget *parent)
    : QDialog(parent), m_api(api), m_store(store), m_boardId(boardId), m_path(new QLineEdit(this)),
      m_browse(new QPushButton(tr("Browse…"), this)), m_message(new QLabel(this)), m_preview(new QTableWidget(this)),
      m_mapping(new QWidget(this)), m_dateOrder(new QComboBox(this)), m_import(new QPushButton(tr("Import"), this)),
      m_progress(new QProgressBar(this)), m_cancel(new QPushButton(tr("Cancel import"), this)), m_report(new QPlainTextEdit(this)), m_rejected(new RejectedRows(api, this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import CSV"));
    m_path->setObjectName(QStringLiteral("importPath"));
    m_path->setAccessibleName(tr("CSV file"));
    m_path->setPlaceholderText(tr("Path of a CSV file (UTF-8), then Enter"));
    m_browse->setAccessibleName(tr("Choose a CSV file"));
    m_message->setObjectName(QStringLiteral("importMessage"));
    m_message->setWordWrap(true);
    m_preview->setObjectName(QStringLiteral("importPreview"));
    m_preview->setAccessibleName(tr("Preview of the first rows"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->hide();
    m_preview->setMaximumHeight(160);
    m_dateOrder->setObjectName(QStringLiteral("importDateOrder"));
    m_dateOrder->setAccessibleName(tr("Date order"));
    m_dateOrder->addItem(tr("Day first (31.12.2026, 31/12/2026)"), Core::Import::dateOrderName(Core::Import::DateOrder::DayFirst));
    m_dateOrder->addItem(tr("Month first (12/31/2026)"), Core::Import::dateOrderName(Core::Import::DateOrder::MonthFirst));
    m_import->setObjectName(QStringLiteral("importStart"));
    m_import->setAccessibleName(tr("Start the import"));
    m_import->setEnabled(false);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setAccessibleName(tr("Import progress"));
    m_progress->setValue(0);
    m_cancel->setObjectName(QStringLiteral("importCancel"));
    m_cancel->setAccessibleName(tr("Cancel the import"));
    m_cancel->setEnabled(false);
    m_report->setObjectName(QStringLiteral("importReport"));
    m_report->setAccessibleName(tr("Rejected rows"));
    m_report->setReadOnly(true);
    m_report->setMaximumHeight(120);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    // Enter belongs to the path field (load the file), never to a button of the dialog.
    for (QPushButton *button : { m_browse, m_import, m_cancel, buttons->button(QDialogButtonBox::Close) }) {
        button->setAutoDefault(false);
        button->setDefault(false);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addWidget(m_message);
    layout->addWidget(m_preview);
    layout->addWidget(new QLabel(tr("Each CSV column fills:"), this));
    layout->addWidget(m_mapping);
    auto *form = new QFormLayout;
    form->addRow(tr("Dates like 3/4/2026:"), m_dateOrder);
    layout->addLayout(form);
    auto *run = new QHBoxLayout;
    run->addWidget(m_import);
    run->addWidget(m_progress, 1);
    run->addWidget(m_cancel);
    layout->addLayout(run);
    layout->addWidget(m_report);
    layout->addWidget(m_rejected);
    layout->addWidget(buttons);
    new QGridLayout(m_mapping);

    connect(m_path, &QLineEdit::returnPressed, this, [this] { load(m_path->text().trimmed()); });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import CSV"), QString(), tr("CSV files (*.csv);;All files (*)"),
                                                          nullptr, QFileDialog::DontUseNativeDialog);
        if (!path.isEmpty()) {
            m_path->setText(path);
            load(path);
        }
    });
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_api->request(QByteArrayLiteral("POST"), Core::Routes::jobCancel(m_jobId), {}, this, [](const Core::ApiReply &) {});
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_poll.setInterval(200);
    connect(&m_poll, &QTimer::timeout, this, &ImportDialog::poll);
}

void ImportDialog::showProblem(const QString &message)
{
    m_message->setText(message);
    m_import->setEnabled(false);
}

void ImportDialog::load(const QString &path)
{
    m_bytes.clear();
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return showProblem(tr("Cannot open %1: %2").arg(path, file.errorString()));
    if (file.size() > MaxFileBytes)
        return showProblem(tr("The file is %1 MB; an import takes at most 50 MB.").arg(file.size() / (1024 * 1024)));
    m_bytes = file.readAll();
    const QByteArrayView text = m_bytes.startsWith("\xEF\xBB\xBF") ? QByteArrayView(m_bytes).sliced(3) : QByteArrayView(m_bytes);
    if (const QString problem = Core::Csv::encodingProblem(text); !problem.isEmpty())
        return showProblem(tr("This file cannot be imported: %1.").arg(problem));
    const Core::Csv::Table table = Core::Csv::parse(m_bytes, PreviewRows);
    if (!table.ok())
        return showProblem(tr("This file cannot be imported: %1.").arg(table.error));
    m_header = table.header;
    m_sample = table.rows;
    m_preview->setColumnCount(int(m_header.size()));
    m_preview->setHorizontalHeaderLabels(m_header);
    for (const QStringList &row : table.rows) {
        const int r = m_preview->rowCount();
        m_preview->insertRow(r);
        for (int c = 0; c < row.size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(row.at(c)));
    }
    fillMapping(m_header, table.rows);
    m_message->setText(tr("%1 column(s). The first rows are shown; the whole file is checked by the server.").arg(m_header.size()));
    m_import->setEnabled(true);
}

void ImportDialog::fillMapping(const QStringList &header, const QList<QStringList> &rows)
{
    auto *grid = static_cast<QGridLayout *>(m_mapping->layout());
    qDeleteAll(m_columnBoxes);
    m_columnBoxes.clear();
    while (QLayoutItem *item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const Core::Import::Mapping guess = Core::Import::autoMap(header, m_store->columns());
    QStringList dates;
    for (int i = 0; i < header.size(); ++i) {
        auto *box = new QComboBox(m_mapping);
        box->setObjectName(QStringLiteral("mapping_%1").arg(i));
        box->setAccessibleName(tr("Board column for %1").arg(header.at(i)));
        box->addItem(tr("Skip"), QString());
        for (const Core::Column &c : m_store->columns())
            box->addItem(c.name, c.id);
        box->addItem(tr("Create new column"), NewColumn);
        box->setCurrentIndex(std::max(0, box->findData(guess.columnIds.value(i))));
        auto *label = new QLabel(header.at(i), m_mapping);
        grid->addWidget(label, i, 0);
        grid->addWidget(box, i, 1);
        label->show();
        box->show();
        m_columnBoxes.append(box);
        for (const QStringList &row : rows)
            dates.append(row.value(i));
    }
    const bool ambiguous = Core::Import::slashDatesAmbiguous(dates);
    m_dateOrder->setToolTip(ambiguous ? tr("Some dates of this file can be read both ways: choose the order") : QString());
}

void ImportDialog::start()
{
    QStringList ids;
    for (QComboBox *box : std::as_const(m_columnBoxes))
        ids.append(box->currentData().toString());
    m_import->setEnabled(false);
    m_report->clear();
    createColumns(ids, 0);
}

// "Create new column": each is created (with the type its sample values suggest) before the
// upload, so the mapping names columns the server knows.
void ImportDialog::createColumns(QStringList ids, int index)
{
    while (index < ids.size() && ids.at(index) != NewColumn)
        ++index;
    if (index >= ids.size())
        return upload(ids);
    QStringList samples;
    for (const QStringList &row : std::as_const(m_sample))
        samples.append(row.value(index));
    const auto order = Core::Import::dateOrderFromName(m_dateOrder->currentData().toString()).value_or(Core::Import::DateOrder::DayFirst);
    const QString columnId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject op { { QStringLiteral("kind"), QStringLiteral("column.create") },
                           { QStringLiteral("columnId"), columnId },
                           { QStringLiteral("name"), m_header.value(index).left(80) },
                           { QStringLiteral("type"), Core::columnTypeName(Core::Import::guessType(samples, order)) } };
    const QJsonObject command { { QStringLiteral("mutationId"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                                { QStringLiteral("board"), m_boardId },
                                { QStringLiteral("op"), op } };
    m_api->request(QByteArrayLiteral("POST"), Core::Routes::mutations(), command, this,
                   [this, ids, index, columnId](const Core::ApiReply &reply) mutable {
                       if (!reply.ok())
                           return showProblem(tr("The column %1 could not be created: %2").arg(m_header.value(index), reply.error));
                       ids[index] = columnId;
                       createColumns(ids, index + 1);
                   });
}

void ImportDialog::upload(const QStringList &ids)
{
    m_message->setText(tr("Uploading…"));
    const QString path = Core::Routes::imports(m_boardId, ids, m_dateOrder->currentData().toString());
    m_api->requestBytes(QByteArrayLiteral("POST"), path, m_bytes, QByteArrayLiteral("text/csv"), this,
                        [this](const Core::ApiReply &reply, const QByteArray &) {
                            if (!reply.ok())
                                return showProblem(tr("The server refused the file: %1").arg(reply.error));
                            m_jobId = reply.json.value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
                            m_cancel->setEnabled(true);
                            m_message->setText(tr("Importing…"));
                            if (m_sync) {
                                m_sync->followJob(m_jobId);
                                m_poll.setInterval(2000); // only in case the socket is down
                            } else {
                                m_poll.setInterval(200);
                            }
                            m_poll.start();
                            poll(); // at once: a small file may be done already
                        });
}

void ImportDialog::followJobsWith(Core::SyncClient *sync)
{
    if (m_sync)
        disconnect(m_sync, nullptr, this, nullptr);
    m_sync = sync;
    if (!sync)
        return;
    connect(sync, &Core::SyncClient::jobProgressed, this, [this](const QJsonObject &job) {
        if (!m_jobId.isEmpty() && job.value(QStringLiteral("id")).toString() == m_jobId)
            showProgress(job);
    });
}

void ImportDialog::poll()
{
    m_api->request(QByteArrayLiteral("GET"), Core::Routes::job(m_jobId), {}, this, [this](const Core::ApiReply &reply) {
        if (reply.ok())
            showProgress(reply.json.value(QStringLiteral("job")).toObject());
    });
}

void ImportDialog::showProgress(const QJsonObject &job)
{
    const qint64 total = job.value(QStringLiteral("total")).toInteger();
    const qint64 done = job.value(QStringLiteral("done")).toInteger();
    m_progress->setMaximum(int(std::max<qint64>(total, 1)));
    m_progress->setValue(int(done));
    const QString state = job.value(QStringLiteral("state")).toString();
    if (state == QLatin1String("running") || state == QLatin1String("queued")) {
        const QString eta = job.contains(QStringLiteral("etaSeconds"))
                ? tr(", about %1 s left").arg(job.value(QStringLiteral("etaSeconds")).toInteger())
                : QString();
        m_message->setText(tr("Importing: %1 of %2 rows%3").arg(done).arg(total).arg(eta));
        return;
    }
    if (!m_poll.isActive())
        return; // an answer that arrived after the end
    m_poll.stop();
    if (m_sync)
        m_sync->unfollowJob(m_jobId);
    m_cancel->setEnabled(false);
    if (state == QLatin1String("failed"))
        return showProblem(tr("Nothing was imported: %1").arg(job.value(QStringLiteral("error")).toString()));
    showReport(job);
}

void ImportDialog::showReport(const QJsonObject &job)
{
    const int imported = int(job.value(QStringLiteral("imported")).toInteger());
    const int failed = int(job.value(QStringLiteral("failed")).toInteger());
    const QString how = job.value(QStringLiteral("state")).toString() == QLatin1String("cancelled") ? tr("Cancelled: ") : QString();
    m_message->setText(tr("%1%2 row(s) imported, %3 rejected.").arg(how).arg(imported).arg(failed));
    m_api->request(QByteArrayLiteral("GET"), Core::Routes::jobFailures(m_jobId), {}, this,
                   [this, imported, failed](const Core::ApiReply &reply) {
                       QStringList lines;
                       for (const QJsonValue &v : reply.json.value(QStringLiteral("failures")).toArray())
                           lines.append(tr("Row %1: %2").arg(v.toObject().value(QStringLiteral("row")).toInteger())
                                                .arg(v.toObject().value(QStringLiteral("reason")).toString()));
                       m_report->setPlainText(lines.isEmpty() ? tr("No row was rejected.") : lines.join(QLatin1Char('\n')));
                       if (!lines.isEmpty())
                           m_rejected->load(m_jobId);
                       Q_EMIT importFinished(imported, failed);
                   });
}

} // namespace Tessera::App
