#include "importplan.h"

#include "core/protocol/csv.h"
#include "core/rules/importvalues.h"
#include "core/rules/rank.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>
#include <QUuid>

namespace Tessera::Server {

QString importItemId(const QString &jobId, qint64 row)
{
    return QUuid::createUuidV5(QUuid::fromString(jobId), QString::number(row)).toString(QUuid::WithoutBraces);
}

QString csvRecord(const QStringList &cells)
{
    QStringList fields;
    for (const QString &c : cells)
        fields.append(Core::Csv::field(c, false));
    return fields.join(QLatin1Char(','));
}

ImportPlan prepareImport(const ImportInput &in)
{
    ImportPlan plan;
    QByteArray bytes = in.upload;
    if (!bytes.isEmpty()) {
        QSaveFile out(in.filePath);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
            plan.error = QStringLiteral("the upload could not be stored (%1)").arg(out.errorString());
            return plan;
        }
    } else {
        QFile file(in.filePath);
        if (!file.open(QIODevice::ReadOnly)) {
            plan.error = QStringLiteral("the uploaded file was lost before it was stored; upload it again");
            return plan;
        }
        bytes = file.readAll();
    }
    const Core::Csv::Table table = Core::Csv::parse(bytes);
    if (!table.ok()) {
        plan.error = table.error;
        return plan;
    }
    plan.header = table.header;
    plan.total = table.rows.size();
    Core::Import::Mapping mapping;
    if (in.params.contains(QStringLiteral("columns"))) {
        QString why;
        const auto parsed = Core::Import::Mapping::fromJson(in.params, &why);
        if (!parsed) {
            plan.error = why;
            return plan;
        }
        mapping = *parsed;
    } else {
        mapping = Core::Import::autoMap(table.header, in.columns);
        if (const auto order = Core::Import::dateOrderFromName(in.params.value(QStringLiteral("dateOrder")).toString()))
            mapping.dateOrder = *order;
    }
    if (const QString problem = Core::Import::mappingProblem(mapping, table.header.size(), in.columns); !problem.isEmpty()) {
        plan.error = problem;
        return plan;
    }
    plan.mapping = mapping.toJson();
    QString rank = in.params.value(QStringLiteral("rankAfter")).toString();
    plan.rows.reserve(table.rows.size());
    for (qsizetype i = 0; i < table.rows.size(); ++i) {
        const qint64 row = i + 1;
        rank = Core::Rank::after(rank).value_or(rank); // every row has its place, failed or not
        const Core::Import::Row read = Core::Import::convertRow(table.rows.at(i), mapping, in.columns, in.members);
        if (read.ok())
            plan.rows.append({ row, read.fields, rank, csvRecord(table.rows.at(i)) });
        else
            plan.failures.append({ row, csvRecord(table.rows.at(i)), read.error, QStringLiteral("failed") });
    }
    return plan;
}

} // namespace Tessera::Server
