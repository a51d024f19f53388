#pragma once

#include "expected.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Tessera::Core {

// A background job as its owner (and an admin) sees it: the body of GET /api/v1/jobs/<id>,
// of every `job` frame on the `job:<id>` stream and of each entry of GET /api/v1/admin/jobs.
struct JobProgress
{
    enum class State { Queued, Running, Done, Failed, Cancelled };

    QString id;
    QString kind; // "import"
    QString boardId;
    QString owner; // user id
    QString ownerLogin; // who, for the admin list
    State state = State::Queued;
    qint64 total = 0; // data rows of the file (0 until it is read)
    qint64 done = 0; // rows handled: imported or failed
    qint64 imported = 0;
    qint64 failed = 0; // rows in the dead-letter list (still failed)
    double ratePerSecond = 0; // rows handled per second while running
    std::optional<qint64> etaSeconds; // while running, once a rate is known
    QString error; // why the job failed (a bad file, a lost upload)
    QString createdAt;
    QString updatedAt;

    bool finished() const { return state == State::Done || state == State::Failed || state == State::Cancelled; }
    QJsonObject toJson() const;
    static Expected<JobProgress> fromJson(const QJsonObject &json);
    bool operator==(const JobProgress &) const = default;
};

QString jobStateName(JobProgress::State state);
std::optional<JobProgress::State> jobStateFromName(const QString &name);

} // namespace Tessera::Core
