#include "jobprogress.h"

#include "jsonreader.h"

namespace Tessera::Core {

namespace {

const QStringList &stateNames()
{
    static const QStringList names { QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("done"),
                                     QStringLiteral("failed"), QStringLiteral("cancelled") };
    return names;
}

} // namespace

QString jobStateName(JobProgress::State state)
{
    return stateNames().value(int(state));
}

std::optional<JobProgress::State> jobStateFromName(const QString &name)
{
    const qsizetype i = stateNames().indexOf(name);
    if (i < 0)
        return std::nullopt;
    return JobProgress::State(i);
}

QJsonObject JobProgress::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("kind"), kind },
                    { QStringLiteral("board"), boardId },
                    { QStringLiteral("owner"), owner },
                    { QStringLiteral("state"), jobStateName(state) },
                    { QStringLiteral("total"), double(total) },
                    { QStringLiteral("done"), double(done) },
                    { QStringLiteral("imported"), double(imported) },
                    { QStringLiteral("failed"), double(failed) },
                    { QStringLiteral("ratePerSecond"), ratePerSecond },
                    { QStringLiteral("createdAt"), createdAt },
                    { QStringLiteral("updatedAt"), updatedAt } };
    if (!ownerLogin.isEmpty())
        o.insert(QStringLiteral("ownerLogin"), ownerLogin);
    if (etaSeconds)
        o.insert(QStringLiteral("etaSeconds"), double(*etaSeconds));
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

Expected<JobProgress> JobProgress::fromJson(const QJsonObject &json)
{
    JsonReader r(json);
    JobProgress p;
    p.id = r.string(QStringLiteral("id"), JsonReader::Required, 64);
    p.kind = r.string(QStringLiteral("kind"), JsonReader::Required, 32);
    p.boardId = r.string(QStringLiteral("board"), JsonReader::Required, 64);
    p.owner = r.string(QStringLiteral("owner"), JsonReader::Required, 64);
    p.ownerLogin = r.string(QStringLiteral("ownerLogin"), JsonReader::Optional, 256);
    p.state = jobStateFromName(r.oneOf(QStringLiteral("state"), stateNames())).value_or(State::Queued);
    p.total = r.integer(QStringLiteral("total"));
    p.done = r.integer(QStringLiteral("done"));
    p.imported = r.integer(QStringLiteral("imported"));
    p.failed = r.integer(QStringLiteral("failed"));
    p.ratePerSecond = json.value(QStringLiteral("ratePerSecond")).toDouble();
    p.etaSeconds = r.optionalInteger(QStringLiteral("etaSeconds"), 0);
    p.error = r.string(QStringLiteral("error"), JsonReader::Optional, 4096);
    p.createdAt = r.string(QStringLiteral("createdAt"), JsonReader::Required, 64);
    p.updatedAt = r.string(QStringLiteral("updatedAt"), JsonReader::Required, 64);
    if (!r.ok())
        return r.error();
    return p;
}

} // namespace Tessera::Core
