#pragma once
// CPU time and resident memory of a process, read from /proc (Linux).
#include <QFile>
#include <QtGlobal>

#include <unistd.h>

namespace Tessera::Bench {

struct ProcSample
{
    qint64 cpuMicros = 0; // user + system
    qint64 rssBytes = 0;
};

inline ProcSample readProc(qint64 pid)
{
    ProcSample s;
    const QByteArray base = pid > 0 ? QByteArray("/proc/") + QByteArray::number(pid) : QByteArray("/proc/self");
    QFile stat(QString::fromLatin1(base + "/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        // fields after the command name (which may hold spaces) start at state, field 3
        const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (f.size() > 13) {
            const double tick = double(sysconf(_SC_CLK_TCK));
            s.cpuMicros = qint64(double(f.at(11).toLongLong() + f.at(12).toLongLong()) * 1e6 / tick);
        }
    }
    QFile status(QString::fromLatin1(base + "/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &l : status.readAll().split('\n')) {
            if (l.startsWith("VmRSS:"))
                s.rssBytes = l.mid(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
        }
    }
    return s;
}

} // namespace Tessera::Bench
