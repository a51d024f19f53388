#pragma once
// CPU time and resident memory of a process, read from /proc (Linux).
#include <QDir>
#include <QFile>
#include <QtGlobal>

#include <unistd.h>

namespace Tessera::Bench {

struct ProcSample
{
    qint64 cpuMicros = 0; // user + system
    qint64 rssBytes = 0;
};

// /proc/PID/stat's fields after the command name (which may hold spaces): from field 3
// (state) on, so field N is at N - 3 (ppid 1, utime 11, stime 12, cutime 13, cstime 14).
inline QList<QByteArray> statFields(const QByteArray &base)
{
    QFile stat(QString::fromLatin1(base + "/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2).split(' ');
}

inline qint64 ticksToMicros(qint64 ticks)
{
    return qint64(double(ticks) * 1e6 / double(sysconf(_SC_CLK_TCK)));
}

inline ProcSample readProc(qint64 pid)
{
    ProcSample s;
    const QByteArray base = pid > 0 ? QByteArray("/proc/") + QByteArray::number(pid) : QByteArray("/proc/self");
    const QList<QByteArray> f = statFields(base);
    if (f.size() > 13)
        s.cpuMicros = ticksToMicros(f.at(11).toLongLong() + f.at(12).toLongLong());
    QFile status(QString::fromLatin1(base + "/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &l : status.readAll().split('\n')) {
            if (l.startsWith("VmRSS:"))
                s.rssBytes = l.mid(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
        }
    }
    return s;
}

// CPU (µs) of a process and its children: its own, that of its children that have exited
// (cutime/cstime) and that of those still running, with theirs. For PostgreSQL's postmaster:
// every backend's CPU, including those of connections already closed.
inline qint64 familyCpuMicros(qint64 pid)
{
    if (pid <= 0)
        return 0;
    const auto total = [](const QList<QByteArray> &f) {
        return f.size() > 14 ? f.at(11).toLongLong() + f.at(12).toLongLong() + f.at(13).toLongLong() + f.at(14).toLongLong() : 0;
    };
    qint64 ticks = total(statFields("/proc/" + QByteArray::number(pid)));
    const QByteArray parent = QByteArray::number(pid);
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (entry.isEmpty() || !entry.at(0).isDigit())
            continue;
        const QList<QByteArray> f = statFields("/proc/" + entry.toLatin1());
        if (f.size() > 14 && f.at(1) == parent)
            ticks += total(f);
    }
    return ticksToMicros(ticks);
}

} // namespace Tessera::Bench
