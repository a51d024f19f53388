#include "requestframer.h"

namespace Tessera::Server {

namespace {

constexpr qsizetype MaxChunkLine = 1024;

bool isBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (c < 'A' || c > 'Z')
            return false;
    }
    return true;
}

bool allDigits(QByteArrayView s, int maxDigits)
{
    if (s.isEmpty() || s.size() > maxDigits)
        return false;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

QByteArray stripCr(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

QByteArray RequestFramer::Head::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray RequestFramer::Head::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return QByteArray();
}

RequestFramer::RequestFramer(qsizetype maxHeaderBytes, qint64 maxBodyBytes, qint64 maxImportBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes)
    , m_maxImportBodyBytes(std::max(maxBodyBytes, maxImportBodyBytes))
    , m_limit(maxBodyBytes)
{
}

QString RequestFramer::tooLarge() const
{
    if (m_limit != m_maxBodyBytes)
        return QStringLiteral("a CSV import is at most %1 bytes (%2 MB)").arg(m_limit).arg(m_limit / (1024 * 1024));
    return QStringLiteral("a request body is at most %1 bytes").arg(m_limit);
}

bool RequestFramer::isImportUpload(const Head &head)
{
    if (head.method != "POST")
        return false;
    const QByteArray path = head.path();
    static const QByteArray prefix("/api/v1/boards/");
    static const QByteArray suffix("/imports");
    if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.size() <= prefix.size() + suffix.size())
        return false;
    return !path.mid(prefix.size(), path.size() - prefix.size() - suffix.size()).contains('/');
}

RequestFramer::Event RequestFramer::fail(Error error, const QString &message)
{
    m_phase = Phase::Failed;
    m_error = error;
    m_message = message;
    m_buffer.clear();
    return Event::Failed;
}

bool RequestFramer::parseHead()
{
    m_head = Head();
    const QByteArray requestLine = stripCr(m_buffer.left(m_headerStart - 1));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()
        || (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0"))
        return false;
    m_head.method = parts[0];
    m_head.target = parts[1];
    const QList<QByteArray> lines = m_buffer.mid(m_headerStart).split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = stripCr(raw);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        m_head.headers.append({ line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed() });
    }
    QByteArray length;
    for (const auto &[name, value] : std::as_const(m_head.headers)) {
        if (name != "content-length")
            continue;
        if (!allDigits(value, 18) || (!length.isNull() && value != length))
            return false; // QHttpServer would read a guess; we refuse it
        length = value;
    }
    m_head.chunked = m_head.header("transfer-encoding").toLower().contains("chunked");
    if (m_head.chunked && !length.isNull())
        return false; // both framings at once: the classic request-smuggling shape
    m_head.contentLength = length.isNull() ? 0 : length.toLongLong();
    m_head.webSocketUpgrade = m_head.header("connection").toLower().contains("upgrade")
            && m_head.header("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
    return true;
}

RequestFramer::Event RequestFramer::headDone()
{
    if (!parseHead())
        return fail(Error::Malformed, QStringLiteral("the request line or a header is malformed"));
    m_buffer.clear();
    m_bodyBytes = m_head.contentLength;
    m_limit = isImportUpload(m_head) ? m_maxImportBodyBytes : m_maxBodyBytes;
    if (m_head.contentLength > m_limit)
        return fail(Error::BodyTooLarge, tooLarge());
    if (m_head.chunked) {
        m_phase = Phase::ChunkSize;
    } else if (m_head.contentLength > 0) {
        m_phase = Phase::Body;
        m_remaining = m_head.contentLength;
    } else {
        m_phase = Phase::Idle;
        m_completePending = true;
    }
    return Event::HeadComplete;
}

RequestFramer::Event RequestFramer::next(QByteArrayView data, qsizetype *consumed)
{
    qsizetype i = 0;
    const auto done = [&](Event e) {
        *consumed = i;
        return e;
    };
    if (m_completePending) {
        m_completePending = false;
        return done(Event::RequestComplete);
    }
    while (i < data.size()) {
        switch (m_phase) {
        case Phase::Failed:
            return done(Event::Failed);
        case Phase::Idle:
            while (i < data.size() && isBlank(data[i]))
                ++i; // QHttpServer skips what trails a previous request
            if (i == data.size())
                break;
            m_phase = Phase::Head;
            m_buffer.clear();
            m_headerStart = -1;
            m_bodyBytes = 0;
            return done(Event::Started);
        case Phase::Head:
            while (i < data.size()) {
                const char c = data[i++];
                m_buffer.append(c);
                if (m_buffer.size() > m_maxHeaderBytes)
                    return done(fail(Error::HeaderTooLarge,
                                     QStringLiteral("the request line and headers are at most %1 bytes").arg(m_maxHeaderBytes)));
                if (c != '\n')
                    continue;
                if (m_headerStart < 0) {
                    m_headerStart = m_buffer.size();
                    continue;
                }
                // Where QHttpServer sees the end of the headers: an empty line, or no headers.
                const QByteArrayView block = QByteArrayView(m_buffer).sliced(m_headerStart);
                if (block.endsWith("\n\r\n") || block.endsWith("\n\n") || block == "\r\n" || block == "\n")
                    return done(headDone());
            }
            break;
        case Phase::Body: {
            const qint64 take = std::min<qint64>(m_remaining, data.size() - i);
            i += take;
            m_remaining -= take;
            if (m_remaining == 0) {
                m_phase = Phase::Idle;
                return done(Event::RequestComplete);
            }
            break;
        }
        case Phase::ChunkSize:
        case Phase::LastChunkEnd:
            while (i < data.size()) {
                const char c = data[i++];
                m_buffer.append(c);
                if (m_buffer.size() > MaxChunkLine)
                    return done(fail(Error::Malformed, QStringLiteral("a chunk-size line is too long")));
                if (c != '\n')
                    continue;
                if (!m_buffer.endsWith("\r\n"))
                    return done(fail(Error::Malformed, QStringLiteral("chunk lines end with CRLF")));
                const QByteArray line = m_buffer.chopped(2);
                m_buffer.clear();
                if (m_phase == Phase::LastChunkEnd) {
                    if (!line.isEmpty())
                        return done(fail(Error::Malformed, QStringLiteral("trailers after the last chunk are not supported")));
                    m_phase = Phase::Idle;
                    return done(Event::RequestComplete);
                }
                const qsizetype semicolon = line.indexOf(';');
                const QByteArray hex = (semicolon < 0 ? line : line.left(semicolon)).trimmed();
                bool ok = hex.size() <= 15;
                const qint64 size = ok ? hex.toLongLong(&ok, 16) : 0;
                if (!ok || size < 0 || hex.isEmpty() || hex.startsWith('+') || hex.startsWith('-'))
                    return done(fail(Error::Malformed, QStringLiteral("a chunk size is not a hexadecimal number")));
                if (size == 0) {
                    m_phase = Phase::LastChunkEnd;
                    break;
                }
                m_bodyBytes += size;
                if (m_bodyBytes > m_limit)
                    return done(fail(Error::BodyTooLarge, tooLarge()));
                m_remaining = size;
                m_phase = Phase::ChunkData;
                break;
            }
            break;
        case Phase::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, data.size() - i);
            i += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_phase = Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            while (i < data.size() && m_buffer.size() < 2)
                m_buffer.append(data[i++]);
            if (m_buffer.size() == 2) {
                if (m_buffer != "\r\n")
                    return done(fail(Error::Malformed, QStringLiteral("a chunk's data ends with CRLF")));
                m_buffer.clear();
                m_phase = Phase::ChunkSize;
            }
            break;
        }
    }
    return done(m_phase == Phase::Failed ? Event::Failed : Event::None);
}

} // namespace Tessera::Server
