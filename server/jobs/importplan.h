#pragma once

#include "jobstore.h"

#include "core/protocol/domain.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>

namespace Tessera::Server {

// What an import job will do, worked out off the event loop (a worker thread): the file
// read and checked (encoding, RFC 4180, ragged rows), each row read through the mapping
// by the shared core rules (core/rules/importvalues.h), ids and ranks fixed. Pure: the
// same file, params and board give the same plan, so a resumed job submits the same
// chunks under the same mutation ids.
struct ImportInput
{
    QString jobId;
    QString filePath; // where the upload is kept (DIR/jobs/<id>.csv)
    QByteArray upload; // non-empty: written to filePath first (a new job)
    QJsonObject params; // {columns?: [...], dateOrder?, rankAfter}
    QList<Core::Column> columns; // the board's, when the job (re)started
    QMap<QString, Core::Member> members;
};

struct ImportPlan
{
    struct Row
    {
        qint64 row = 0; // 1-based data row
        QJsonObject fields;
        QString rank;
        QString record; // the row as it was in the file (a dead letter's data if the board refuses it)
    };
    QString error; // the whole file is refused (nothing is imported)
    QStringList header;
    QJsonObject mapping; // the mapping used (Import::Mapping::toJson): retries read rows the same way
    qint64 total = 0;
    QList<Row> rows; // the rows that read well, in file order
    QList<JobFailure> failures; // the others
};

ImportPlan prepareImport(const ImportInput &input);
// The deterministic id of the item a data row becomes (a UUID v5 of job and row).
QString importItemId(const QString &jobId, qint64 row);
// One CSV record of `cells` (a dead letter's data).
QString csvRecord(const QStringList &cells);

} // namespace Tessera::Server
