#include "accesslog.h"

#include "server/ops/logging.h"

#include <QDateTime>

namespace Tessera::Server {

namespace {

// Printable ASCII but space as is, everything else %XX: one field, one line, whatever was sent.
QByteArray field(const QByteArray &raw)
{
    if (raw.isEmpty())
        return QByteArrayLiteral("-");
    QByteArray out;
    out.reserve(raw.size());
    for (const char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u > 0x20 && u < 0x7f)
            out += c;
        else
            out += '%' + QByteArray::number(u, 16).rightJustified(2, '0').toUpper();
    }
    return out;
}

} // namespace

bool AccessLog::open(const QString &target)
{
    m_target = target;
    return reopen();
}

bool AccessLog::reopen()
{
    if (m_target == QLatin1String("-"))
        return true;
    m_file.close();
    m_file.setFileName(m_target);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        m_error = QStringLiteral("--access-log: cannot open %1 for appending (%2)").arg(m_target, m_file.errorString());
        return false;
    }
    return true;
}

QByteArray AccessLog::format(const Entry &entry, const QByteArray &isoTime)
{
    const QByteArray path = entry.path.left(entry.path.indexOf('?') < 0 ? entry.path.size() : entry.path.indexOf('?'));
    return isoTime + ' ' + field(entry.client.toLatin1()) + ' ' + field(entry.method) + ' ' + field(path) + ' '
        + QByteArray::number(entry.status) + ' ' + QByteArray::number(entry.bytes) + ' '
        + QByteArray::number(entry.durationMs);
}

void AccessLog::write(const Entry &entry)
{
    const QByteArray line = format(entry, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1());
    if (m_target == QLatin1String("-")) {
        Logging::writeStderr(
            Logging::format(QtInfoMsg, "tessera.access", QString::fromLatin1(line), Logging::underJournald()));
        return;
    }
    if (!m_file.isOpen())
        return;
    m_file.write(line + '\n');
    m_file.flush();
}

} // namespace Tessera::Server
