#pragma once
// tessera-digest: a headless client on the public core API (docs/extending.md). It signs in
// with SyncClient, opens the boards, waits until each store is current and prints a daily
// digest built from BoardStore and BoardStats.

#include "core/client/memorytokenstore.h"
#include "core/client/syncclient.h"

#include <QDate>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

namespace Tessera::Examples {

// The digest of one board for `user` on `today`: overdue items, open items due today and
// later this week (to Sunday), open items assigned to the user, and counts per status.
QString boardDigest(const Core::BoardStore &store, const Core::User &user, const QDate &today);

// One run: sign in, open the boards (all, or the one named `boardName`), wait until every
// store has reached the head the server announced, then finished(exitCode) with the text
// (or an error message) ready.
class DigestRun final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl server;
        QString login;
        QString password;
        QString boardName; // "" = every board
        int timeoutSeconds = 30;
    };

    explicit DigestRun(Options options, QObject *parent = nullptr);
    void start();
    QString output() const { return m_output; } // the digest (stdout)
    QString error() const { return m_error; } // why it failed (stderr)

Q_SIGNALS:
    void finished(int exitCode);

private:
    void openBoards();
    void checkCurrent();
    void fail(int exitCode, const QString &message);

    Options m_options;
    QTemporaryDir m_cacheDir; // a headless run keeps nothing
    Core::MemoryTokenStore m_tokens;
    Core::SyncClient m_sync;
    QList<Core::BoardSummary> m_boards; // the chosen ones
    QTimer m_deadline;
    QTimer m_poll;
    bool m_signedIn = false;
    bool m_done = false;
    QString m_output;
    QString m_error;
};

} // namespace Tessera::Examples
