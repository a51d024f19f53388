#pragma once
// Frame statistics for benchmark runs (issue #14; bench/appbench.sh). Off unless the
// environment sets TESSERA_FRAME_STATS=<file>; then main() makes one and, when the app
// quits (also on SIGTERM or SIGINT), it writes JSON to the file:
//   - per kind of work on the GUI thread, in ms: count, p50, p95, p99, max (and maxEndedAt)
//       paint.table / paint.kanban / paint.calendar  one paint event of a viewport of the
//                      open board's view (kanban: each lane; calendar: the grid and the
//                      undated list), from the Paint event to after it is handled
//       frame          one repaint of the main window (its UpdateRequest: every dirty
//                      widget painted and flushed to the screen)
//       apply          one server batch on the open board: from the first aboutToApplyBatch
//                      slot (before any model's) to after the last batchApplied slot
//       key            the handling of one key press or shortcut (typing in the filter,
//                      Page Down, Ctrl+2 to the Kanban)
//       input          a key press or mouse press to the end of the next frame
//       switch         the handling of the key that switched the view (Table/Kanban/...)
//                      to the end of the next frame
//     Samples are taken from the moment the board is live (startup is in the milestones).
//   - milestones, ms since the process started: boardItemsPainted (first paint of the board's
//     view with items), live (connection live and the open board caught up with the server),
//     livePainted (the end of the first frame after live); each also as a line on stderr
//   - cpu (user + system ms, getrusage), peak RSS (VmHWM) and RSS at exit.
// It watches with an application event filter; a timed event is dispatched again from the
// filter (guarded) so that the time covers the handling, and the original is then consumed.
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QSocketNotifier;

namespace Tessera::Core {
class BoardStore;
class SyncClient;
enum class ConnectionState;
}

namespace Tessera::App {

class AppController;
class MainWindow;

class FrameStats final : public QObject
{
public:
    // Null unless TESSERA_FRAME_STATS names a file.
    static std::unique_ptr<FrameStats> fromEnvironment(AppController *app, MainWindow *window);

    FrameStats(const QString &file, AppController *app, MainWindow *window);
    ~FrameStats() override;

    bool write() const; // false (and a message on stderr) when the file cannot be written

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    qint64 nowNs() const { return m_startOffsetNs + m_clock.nsecsElapsed(); }
    void add(const QString &kind, qint64 ns);
    void mark(const QString &milestone, qint64 ns); // also a line on stderr
    QString viewKind(QObject *watched) const; // "paint.table" etc., empty when not a timed viewport
    bool isFrame(QObject *watched, QEvent *event) const;
    qint64 dispatchTimed(QObject *watched, QEvent *event); // ns the handling took
    void watchSync(Core::SyncClient *sync);
    void watchStore(Core::BoardStore *store);
    void onState(Core::ConnectionState state);
    void onCaughtUp(const QString &stream);
    void checkLive();
    void frameDone(qint64 endNs);
    void catchTerminationSignals();

    QString m_file;
    MainWindow *m_window;
    QElapsedTimer m_clock;
    qint64 m_startOffsetNs = 0; // process start -> construction
    QHash<QString, std::vector<qint64>> m_samples;
    QHash<QString, std::pair<qint64, qint64>> m_maxOf; // kind -> its longest sample, when it ended
    QHash<QString, qint64> m_milestones; // ns since process start
    QObject *m_redispatching = nullptr;
    int m_frameDepth = 0;
    int m_keyDepth = 0;
    QPointer<Core::BoardStore> m_store;
    QString m_boardId;
    bool m_stateLive = false;
    bool m_boardCurrent = false;
    bool m_live = false;
    qint64 m_applyStart = -1;
    qint64 m_inputStart = -1;
    qint64 m_keyStart = -1; // while a key press or shortcut is handled
    qint64 m_switchStart = -1; // the key that switched the view, until the next frame
    QSocketNotifier *m_signals = nullptr;
};

} // namespace Tessera::App
