#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

namespace Tessera::Server {

// Frames the byte stream of one HTTP/1.1 connection into requests, the way QHttpServer
// 6.4 will read them, without keeping bodies: it holds at most one request head. HttpGuard
// feeds it what arrives before QHttpServer reads it, so sizes are checked as they arrive.
// It is stricter than QHttpServer where QHttpServer would guess (conflicting or malformed
// Content-Length, Content-Length with chunked, chunk lines without CRLF): those fail as
// Malformed, so both parsers always agree on where a request ends.
class RequestFramer
{
public:
    struct Head
    {
        QByteArray method;
        QByteArray target; // as sent: path and query
        QList<std::pair<QByteArray, QByteArray>> headers; // names lower-case, values trimmed
        bool chunked = false;
        qint64 contentLength = 0;
        bool webSocketUpgrade = false; // what QHttpServer hands to its QWebSocketServer

        QByteArray path() const; // the target without its query
        QByteArray header(QByteArrayView lowerCaseName) const; // the first such header, empty if none
    };
    enum class Error { None, HeaderTooLarge, BodyTooLarge, Malformed };
    enum class Event {
        None, // all of the data was consumed, nothing happened
        Started, // the first byte of a request (leading blank lines skipped)
        HeadComplete, // head() holds the request line and headers
        RequestComplete, // the request, body included, has arrived
        Failed, // error() says why; the connection cannot continue
    };

    // `maxImportBodyBytes` (when larger) applies to CSV uploads only (isImportUpload).
    RequestFramer(qsizetype maxHeaderBytes, qint64 maxBodyBytes, qint64 maxImportBodyBytes = 0);
    // POST /api/v1/boards/<id>/imports: the route with its own, larger body limit.
    static bool isImportUpload(const Head &head);

    // Consumes `data` up to the next event and returns it; *consumed is the number of bytes
    // used. Call again with the rest until it returns None (a request without a body
    // completes on the call after HeadComplete, consuming nothing).
    Event next(QByteArrayView data, qsizetype *consumed);

    bool atBoundary() const { return m_phase == Phase::Idle && !m_completePending; }
    bool failed() const { return m_phase == Phase::Failed; }
    const Head &head() const { return m_head; }
    Error error() const { return m_error; }
    QString errorMessage() const { return m_message; }
    qint64 bodyBytes() const { return m_bodyBytes; } // of the current request, as declared so far

private:
    enum class Phase { Idle, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, LastChunkEnd, Failed };

    Event fail(Error error, const QString &message);
    QString tooLarge() const;
    bool parseHead();
    Event headDone();

    qsizetype m_maxHeaderBytes;
    qint64 m_maxBodyBytes;
    qint64 m_maxImportBodyBytes;
    qint64 m_limit; // of the current request
    Phase m_phase = Phase::Idle;
    QByteArray m_buffer; // the head, or the current chunk line
    qsizetype m_headerStart = -1; // in m_buffer: after the request line
    Head m_head;
    qint64 m_remaining = 0; // of the body or the current chunk
    qint64 m_bodyBytes = 0;
    bool m_completePending = false;
    Error m_error = Error::None;
    QString m_message;
};

} // namespace Tessera::Server
