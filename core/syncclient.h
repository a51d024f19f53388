#pragma once

#include "apiclient.h"
#include "backoff.h"
#include "boardstore.h"
#include "connectionstate.h"
#include "messages.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
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
        QUrl server; // http(s)://host:port
        QString cacheDir; // one SQLite file per server and user goes here
        TokenStore *tokens = nullptr; // must outlive the client
        Clock *clock = nullptr; // nullptr: the system clock
    };

    explicit SyncClient(Options options, QObject *parent = nullptr);
    ~SyncClient() override;

    // Session
    void signIn(const QString &login, const QString &password);
    void signOut();
    void start(); // with the stored token; without one: SignedOut
    State state() const { return m_state; }
    QString stateReason() const { return m_reason; }
    QDateTime offlineSince() const { return m_offlineSince; } // invalid unless Offline
    int pollingIntervalSeconds() const { return m_pollingIntervalSeconds; }
    const User &user() const { return m_user; }
    QList<BoardSummary> boards() const { return m_boardList; }

    // Boards: the store is owned by the client and lives until closeBoard() or sign-out.
    BoardStore *openBoard(const QString &boardId);
    void closeBoard(const QString &boardId);
    BoardStore *board(const QString &boardId) const;

    // Commands: each returns the mutationId (retry and keepMine send under a new one).
    QString submit(const QString &boardId, const Op &op);
    QString retry(const QString &mutationId);
    bool discard(const QString &mutationId);
    QString keepMine(const QString &mutationId);
    bool takeTheirs(const QString &mutationId);
    int outboxSize() const;

    // Inbox
    InboxModel *inbox() const { return m_inbox; }
    void markRead(const QStringList &ids);
    void markAllRead();

    // Presence: state "viewing" or "editing"; resent every 20 s while set.
    void setPresence(const QString &boardId, const QString &itemId, const QString &state, const QString &field = QString());

    // Freshness
    void setVisible(bool visible); // hidden: catch-up waits until shown
    bool isVisible() const { return m_visible; }
    void auditNow(const QString &boardId);
    int digestMismatches() const;
    void wakeDetected();
    int headsChecks() const { return m_headsChecks; }

    // Tuning (tests use short intervals)
    void setPollingIntervalSeconds(int seconds);
    void setWebSocketEnabled(bool enabled) { m_wsEnabled = enabled; } // false: HTTP polling only
    void setFailuresBeforePolling(int failures) { m_failuresBeforePolling = failures; }
    void setBackoffLimits(qint64 minMs, qint64 firstMaxMs, qint64 capMs) { m_backoff.setLimits(minMs, firstMaxMs, capMs); }
    void setProbeIntervalMs(int ms);
    void setWakeCheckIntervalMs(int ms);
    void setWakeThresholdMs(qint64 ms);
    void setPingIntervalMs(int ms);
    void setSocketPath(const QString &path) { m_socketPath = path; } // default "/ws" (a proxy may mount it elsewhere)
    int socketsOpened() const;

    // TLS: a self-signed certificate is pinned on first use; a different one later is a
    // hard error (state Offline, no retries, certificateChanged) until the person decides.
    QString certificateProblem() const { return m_certificateProblem; }
    void trustNewCertificate(); // forget the pin and connect again
    QString cacheFilePath() const;

Q_SIGNALS:
    void stateChanged(Tessera::Core::ConnectionState state, const QString &reason);
    void signedIn(const Tessera::Core::User &user);
    void signInFailed(const QString &message);
    void signedOut(const QString &reason);
    void boardsChanged();
    void commandAcked(const QString &mutationId);
    void commandFailed(const QString &mutationId, const QString &code, const QString &message);
    void conflictDetected(const QString &mutationId);
    void notificationArrived(const Tessera::Core::Notification &notification);
    void auditCompleted(const QString &boardId, bool consistent);
    void caughtUp(const QString &stream); // a stream reached the server's head
    void certificateChanged(const QString &explanation);

private:
    bool checkCertificate(const QSslCertificate &peer, const QList<QSslError> &errors);
    void beginSession(const QString &token, const User &user);
    void endSession();
    void signOutBecause(const QString &reason);
    void setState(State state, const QString &reason);
    void goOffline(const QString &reason);
    void connectNow();
    void scheduleReconnect();
    void fetchBoards();
    QUrl socketUrl() const;
    QString account() const;

    // socket mode
    void onLinkReady();
    void onLinkClosed(int closeCode, const QString &reason, bool wasReady);

    // polling mode
    void enterPolling();
    void probe();
    void pollAll();
    void pollStream(const QString &stream);
    void onHttpFailure(const QString &message);

    // freshness
    void freshen(const QString &why);
    void checkHeads();

    Options m_options;
    std::unique_ptr<Clock> m_ownClock;
    Clock *m_clock;
    ApiClient *m_api;
    SocketLink *m_link;
    InboxModel *m_inbox;
    StreamSync *m_streams;
    CommandSync *m_commands;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<CertificatePin> m_pin;
    QString m_certificateProblem;

    State m_state = State::SignedOut;
    QString m_reason;
    QDateTime m_offlineSince;
    QString m_token;
    User m_user;
    QList<BoardSummary> m_boardList;

    Backoff m_backoff;
    QTimer *m_reconnectTimer;
    QTimer *m_pollTimer;
    QTimer *m_probeTimer;
    WakeDetector *m_wake;
    LiveSubscriptions *m_live;
    QTimer *m_presenceTimer;
    QTimer *m_auditTimer;
    int m_pollingIntervalSeconds = 10;
    bool m_wsEnabled = true;
    QString m_socketPath = QStringLiteral("/ws");
    int m_failuresBeforePolling = 3;
    int m_wsFailures = 0;
    bool m_probing = false;
    bool m_visible = true;
    bool m_catchUpDeferred = false;
    int m_headsChecks = 0;
    QSet<QString> m_pollsInFlight;
};

} // namespace Tessera::Core
