#pragma once

#include "apiclient.h"
#include "certificatepin.h"
#include "core/models/boardstore.h"
#include "connectionstate.h"
#include "core/protocol/messages.h"
#include "serverlist.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QTimer;

namespace Tessera::Core {

class CertificatePin;
class Clock;
class CommandSync;
class InboxModel;
class LiveSubscriptions;
class LocalCache;
class Outbox;
class SocketLink;
class StreamSync;
class BoardHistory;
class SyncConnection;
class TokenStore;
class WakeDetector;

// The client sync engine: everything between the server and the live models. Signs in
// (token kept in a TokenStore), keeps a local cache per server and user so boards open at
// once and offline, holds the open boards' BoardStores current over the WebSocket (or by
// HTTP polling when the socket keeps failing), sends local commands through a durable
// outbox with optimistic overlays, and keeps the view fresh after drops, sleep and
// network changes. Views read BoardStore and the models; they never touch the network.
class SyncClient final : public QObject
{
    Q_OBJECT

public:
    using State = ConnectionState;

    struct Options
    {
        // http(s)://host:port: the server's identity. The token, the local cache (outbox and
        // seqs) are keyed by it, also while another node is in use.
        QUrl server;
        QString cacheDir; // one SQLite file per server and user goes here
        TokenStore *tokens = nullptr; // must outlive the client
        Clock *clock = nullptr; // nullptr: the system clock
        // Other nodes of the same server (one database): when the node in use fails, the
        // next is tried at once, round robin, `server` first (see SyncConnection).
        QList<QUrl> moreServers = {};

        ServerList servers() const;
    };

    explicit SyncClient(Options options, QObject *parent = nullptr);
    ~SyncClient() override;

    // Session
    void signIn(const QString &login, const QString &password);
    void signOut();
    void start(); // with the stored token; without one: SignedOut
    State state() const;
    QString stateReason() const;
    // The node in use (HTTP and socket); one of servers(), the first until one fails.
    QUrl currentServer() const;
    const ServerList &servers() const;
    // Another list of nodes for the same server (settings): false, and nothing changes,
    // when its first URL is not this client's identity (another server: sign in there).
    bool setServers(const ServerList &servers);
    QDateTime offlineSince() const; // invalid unless Offline
    int pollingIntervalSeconds() const;
    const User &user() const { return m_user; }
    QList<BoardSummary> boards() const { return m_boardList; }

    // Boards: the store is owned by the client and lives until closeBoard() or sign-out.
    BoardStore *openBoard(const QString &boardId);
    void closeBoard(const QString &boardId);
    BoardStore *board(const QString &boardId) const;
    // Reads the recent log of an open board once per session (BoardHistory) so its store
    // learns when current values were set (the Dashboard's "completed per week" after a
    // restart). Cheap to call again: a second call does nothing.
    void loadBoardHistory(const QString &boardId);
    // A background job's progress over the live socket (`job:<id>`), followed again after a
    // reconnect until unfollowJob(): jobProgressed() per change. While the socket is down
    // nothing arrives; callers poll GET /api/v1/jobs/<id> then (see ImportDialog).
    void followJob(const QString &jobId);
    void unfollowJob(const QString &jobId);

    // Commands: each returns the mutationId (retry and keepMine send under a new one).
    QString submit(const QString &boardId, const Op &op);
    // Several ops as one atomic command: all apply or none, one ack, undone whole.
    QString submitBulk(const QString &boardId, const QList<Op> &ops);
    QString retry(const QString &mutationId);
    bool discard(const QString &mutationId);
    QString keepMine(const QString &mutationId);
    bool takeTheirs(const QString &mutationId);
    int outboxSize() const;

    // Inbox
    InboxModel *inbox() const { return m_inbox; }
    void markRead(const QStringList &ids);
    void markAllRead();

    // Presence: what I am doing on a board (and item); resent every 20 s while set.
    void setPresence(const QString &boardId, const QString &itemId, PresenceState state, const QString &field = QString());

    // Freshness
    void setVisible(bool visible); // hidden: catch-up waits until shown
    bool isVisible() const;
    void auditNow(const QString &boardId);
    int digestMismatches() const;
    void wakeDetected();
    int headsChecks() const; // heads checks made (wake, network, shown window)
    // Non-empty once the server sent something this version cannot read (event kinds of a
    // newer server): what to tell the person. The app keeps working with what it knows.
    QString updateNotice() const { return m_updateNotice; }

    // Tuning (tests use short intervals)
    void setPollingIntervalSeconds(int seconds);
    void setWebSocketEnabled(bool enabled); // false: HTTP polling only
    void setFailuresBeforePolling(int failures); // socket failures before polling (3)
    void setBackoffLimits(qint64 minMs, qint64 firstMaxMs, qint64 capMs);
    void setProbeIntervalMs(int ms);
    void setWakeCheckIntervalMs(int ms);
    void setWakeThresholdMs(qint64 ms);
    void setPingIntervalMs(int ms);
    void setSocketPath(const QString &path); // default "/ws" (a proxy may mount it elsewhere)
    int socketsOpened() const;

    // TLS: every server's key is pinned on its first successful handshake (CertificatePin).
    // A first contact with a certificate nobody vouches for, and any key other than the
    // pinned one, is not used: certificateDecisionNeeded() asks the person (state Offline,
    // or the sign-in waits; no retries) until trustCertificate() or refuseCertificate().
    QString certificateProblem() const { return m_certificateProblem; }
    std::optional<CertificateQuestion> pendingCertificate() const { return m_question; }
    // Pins `fingerprint` (the question's) and connects again; a sign-in that waited for
    // this decision goes on.
    void trustCertificate(const QString &fingerprint);
    // Keeps the old pin (or none): stays offline, a waiting sign-in fails with the reason.
    void refuseCertificate();
    void trustNewCertificate(); // trustCertificate() with the pending question's key
    QString cacheFilePath() const;

Q_SIGNALS:
    void stateChanged(Tessera::Core::ConnectionState state, const QString &reason);
    void serverChanged(const QUrl &server); // currentServer() moved to another node
    void signedIn(const Tessera::Core::User &user);
    void signInFailed(const QString &message);
    void signedOut(const QString &reason);
    void boardsChanged();
    void commandAcked(const QString &mutationId);
    void commandFailed(const QString &mutationId, Tessera::Core::RejectCode code, const QString &message);
    void conflictDetected(const QString &mutationId);
    void notificationArrived(const Tessera::Core::Notification &notification);
    void auditCompleted(const QString &boardId, bool consistent);
    void caughtUp(const QString &stream); // a stream reached the server's head
    void certificateChanged(const QString &explanation);
    void updateAvailable(const QString &notice); // see updateNotice()
    void jobProgressed(const QJsonObject &job); // a followed job's progress (JobProgress JSON)
    // Asks whether to trust a server's certificate: first contact with one nobody vouches
    // for, or a changed key. Answer with trustCertificate() or refuseCertificate().
    void certificateDecisionNeeded(const Tessera::Core::CertificateQuestion &question);
    // The store openBoard() returned is about to be destroyed (closeBoard, sign-out, a new
    // session): drop every model and view on it in this signal.
    void boardAboutToClose(const QString &boardId);

private:
    bool checkCertificate(const QSslCertificate &peer, const QList<QSslError> &errors);
    void beginSession(const QString &token, const User &user);
    void endSession(const QString &reason = QStringLiteral("signed out"));
    void signOutBecause(const QString &reason);
    QString account() const;

    Options m_options;
    std::unique_ptr<Clock> m_ownClock;
    Clock *m_clock;
    ApiClient *m_api;
    SocketLink *m_link;
    InboxModel *m_inbox;
    StreamSync *m_streams;
    CommandSync *m_commands;
    LiveSubscriptions *m_live;
    SyncConnection *m_connection;
    WakeDetector *m_wake;
    QTimer *m_presenceTimer;
    QTimer *m_auditTimer;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<CertificatePin> m_pin;
    QString m_certificateProblem;
    QString m_updateNotice;
    QHash<QString, QPointer<BoardHistory>> m_histories; // board id -> its reader (this session)
    std::optional<CertificateQuestion> m_question;
    // A sign-in that waits for a certificate decision (kept in memory only until then).
    QString m_waitingLogin;
    QString m_waitingPassword;
    int m_signInNodesLeft = 0; // unreachable nodes a sign-in may still move past
    QString m_token;
    User m_user;
    QList<BoardSummary> m_boardList;
};

} // namespace Tessera::Core
