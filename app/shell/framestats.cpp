#include "framestats.h"

#include "appcontroller.h"
#include "mainwindow.h"
#include "app/board/boardwidget.h"
#include "app/calendar/calendargrid.h"
#include "app/calendar/calendarview.h"
#include "app/kanban/kanbanview.h"
#include "app/table/tableview.h"
#include "core/client/syncclient.h"
#include "core/models/boardstore.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QWindow>

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>

namespace Tessera::App {

namespace {

int signalPipe[2] = { -1, -1 };

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
}

// Nanoseconds from the process's start (its starttime in /proc/self/stat, clock ticks since
// boot; 10 ms resolution) to now.
qint64 sinceProcessStartNs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' '); // from field 3
    if (fields.size() < 20)
        return 0;
    const double startSeconds = fields.at(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec boot {};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double nowSeconds = double(boot.tv_sec) + double(boot.tv_nsec) / 1e9;
    return std::max<qint64>(0, qint64((nowSeconds - startSeconds) * 1e9));
}

qint64 statusKiB(const char *field) // a "VmHWM:   1234 kB" line of /proc/self/status
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

QJsonObject summary(std::vector<qint64> samples)
{
    std::sort(samples.begin(), samples.end());
    const auto at = [&samples](double p) { // nearest rank
        const size_t rank = size_t(std::max(1.0, std::ceil(p * double(samples.size()))));
        return ms(samples.at(std::min(rank, samples.size()) - 1));
    };
    return { { QStringLiteral("count"), qint64(samples.size()) }, { QStringLiteral("p50"), at(0.50) },
             { QStringLiteral("p95"), at(0.95) }, { QStringLiteral("p99"), at(0.99) },
             { QStringLiteral("max"), ms(samples.back()) } };
}

} // namespace

std::unique_ptr<FrameStats> FrameStats::fromEnvironment(AppController *app, MainWindow *window)
{
    const QString file = qEnvironmentVariable("TESSERA_FRAME_STATS");
    return file.isEmpty() ? nullptr : std::make_unique<FrameStats>(file, app, window);
}

FrameStats::FrameStats(const QString &file, AppController *app, MainWindow *window)
    : m_file(file), m_window(window)
{
    m_clock.start();
    m_startOffsetNs = sinceProcessStartNs();
    qApp->installEventFilter(this);
    connect(app, &AppController::syncClientChanged, this, &FrameStats::watchSync);
    if (app->sync())
        watchSync(app->sync());
    connect(window, &MainWindow::boardStoreOpened, this, &FrameStats::watchStore);
    connect(window, &MainWindow::boardOpened, this, [this](const QString &boardId) {
        m_boardId = boardId;
        m_boardCurrent = false;
        if (BoardWidget *board = m_window->boardWidget()) {
            connect(board, &BoardWidget::viewChanged, this, [this] {
                if (m_keyStart >= 0 && m_switchStart < 0)
                    m_switchStart = m_keyStart;
            });
        }
    });
    connect(qApp, &QCoreApplication::aboutToQuit, this, [this] { write(); });
    catchTerminationSignals();
}

FrameStats::~FrameStats()
{
    if (m_signals) {
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGINT, SIG_DFL);
        ::close(signalPipe[0]);
        ::close(signalPipe[1]);
        signalPipe[0] = signalPipe[1] = -1;
    }
}

void FrameStats::catchTerminationSignals()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return;
    m_signals = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, this);
    connect(m_signals, &QSocketNotifier::activated, this, [] { QCoreApplication::quit(); });
    struct sigaction action {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

void FrameStats::watchSync(Core::SyncClient *sync)
{
    m_stateLive = false;
    connect(sync, &Core::SyncClient::stateChanged, this, &FrameStats::onState);
    connect(sync, &Core::SyncClient::caughtUp, this, &FrameStats::onCaughtUp);
}

void FrameStats::watchStore(Core::BoardStore *store)
{
    if (m_store == store)
        return;
    m_store = store;
    connect(store, &Core::BoardStore::aboutToApplyBatch, this, [this, store](const Core::BatchChanges &changes) {
        if (changes.origin != Core::BatchChanges::Origin::Server)
            return;
        m_applyStart = nowNs();
        // Connected now, so it runs after every slot connected before: the last one.
        connect(store, &Core::BoardStore::batchApplied, this, [this] { add(QStringLiteral("apply"), nowNs() - m_applyStart); },
                Qt::SingleShotConnection);
    });
}

void FrameStats::onState(Core::ConnectionState state)
{
    m_stateLive = state == Core::ConnectionState::Live;
    checkLive();
}

void FrameStats::onCaughtUp(const QString &stream)
{
    if (!m_boardId.isEmpty() && stream == Core::StreamName::board(m_boardId)) {
        m_boardCurrent = true;
        checkLive();
    }
}

void FrameStats::checkLive()
{
    if (m_live || !m_stateLive || !m_boardCurrent)
        return;
    m_live = true;
    mark(QStringLiteral("live"), nowNs());
    m_window->update(); // livePainted: the end of the next frame
}

void FrameStats::mark(const QString &milestone, qint64 ns)
{
    m_milestones.insert(milestone, ns);
    std::fprintf(stderr, "framestats: %s %.0f ms\n", qPrintable(milestone), ms(ns)); // bench/appbench.sh waits for these
}

void FrameStats::add(const QString &kind, qint64 ns)
{
    if (!m_live)
        return;
    std::vector<qint64> &samples = m_samples[kind];
    if (ns >= m_maxOf.value(kind).first)
        m_maxOf.insert(kind, { ns, nowNs() });
    samples.push_back(ns);
}

QString FrameStats::viewKind(QObject *watched) const
{
    BoardWidget *board = m_window->boardWidget();
    auto *widget = qobject_cast<QWidget *>(watched);
    if (!board || !widget || !board->isAncestorOf(widget))
        return {};
    auto *area = qobject_cast<QAbstractScrollArea *>(widget->parent());
    if (!(area && area->viewport() == widget) && !qobject_cast<CalendarGrid *>(widget))
        return {};
    for (QObject *o = widget->parent(); o && o != board; o = o->parent()) {
        if (qobject_cast<TableView *>(o))
            return QStringLiteral("paint.table");
        if (qobject_cast<KanbanView *>(o))
            return QStringLiteral("paint.kanban");
        if (qobject_cast<CalendarView *>(o))
            return QStringLiteral("paint.calendar");
    }
    return {};
}

bool FrameStats::isFrame(QObject *watched, QEvent *event) const
{
    return event->type() == QEvent::UpdateRequest && (watched == m_window || watched == m_window->windowHandle());
}

qint64 FrameStats::dispatchTimed(QObject *watched, QEvent *event)
{
    QObject *const outer = m_redispatching;
    m_redispatching = watched;
    const qint64 start = nowNs();
    QCoreApplication::sendEvent(watched, event);
    const qint64 took = nowNs() - start;
    m_redispatching = outer;
    return took;
}

bool FrameStats::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::ShortcutOverride || type == QEvent::KeyPress || type == QEvent::MouseButtonPress) {
        if (m_inputStart < 0 && m_live) { // ShortcutOverride comes first for every key press
            m_inputStart = nowNs();
        }
    }
    if ((type == QEvent::KeyPress && event->spontaneous()) || type == QEvent::Shortcut) {
        if (watched == m_redispatching || m_keyDepth > 0) // a key press going on to the parents
            return false;
        ++m_keyDepth;
        m_keyStart = nowNs();
        add(QStringLiteral("key"), dispatchTimed(watched, event));
        m_keyStart = -1;
        --m_keyDepth;
        event->accept(); // handled (or propagated) in the timed dispatch: no second propagation
        return true;
    }
    if ((type != QEvent::Paint && type != QEvent::UpdateRequest) || watched == m_redispatching)
        return false;
    if (isFrame(watched, event)) {
        if (m_frameDepth > 0) // the window's handle forwarding to the widget: timed outside
            return false;
        ++m_frameDepth;
        add(QStringLiteral("frame"), dispatchTimed(watched, event));
        --m_frameDepth;
        frameDone(nowNs());
        return true;
    }
    if (type != QEvent::Paint)
        return false;
    const QString kind = viewKind(watched);
    if (kind.isEmpty())
        return false;
    add(kind, dispatchTimed(watched, event));
    if (!m_milestones.contains(QStringLiteral("boardItemsPainted")) && m_store && m_store->itemCount() > 0)
        mark(QStringLiteral("boardItemsPainted"), nowNs());
    return true;
}

void FrameStats::frameDone(qint64 endNs)
{
    if (m_live && !m_milestones.contains(QStringLiteral("livePainted")))
        mark(QStringLiteral("livePainted"), endNs);
    if (m_switchStart >= 0)
        add(QStringLiteral("switch"), endNs - m_switchStart);
    m_switchStart = -1;
    if (m_inputStart >= 0)
        add(QStringLiteral("input"), endNs - m_inputStart);
    m_inputStart = -1;
}

bool FrameStats::write() const
{
    QJsonObject kinds;
    for (auto it = m_samples.cbegin(); it != m_samples.cend(); ++it) {
        QJsonObject s = summary(it.value());
        s.insert(QStringLiteral("maxEndedAt"), ms(m_maxOf.value(it.key()).second)); // ms since the process started
        kinds.insert(it.key(), s);
    }
    QJsonObject milestones;
    for (auto it = m_milestones.cbegin(); it != m_milestones.cend(); ++it)
        milestones.insert(it.key(), ms(it.value()));
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto cpuMs = [](const timeval &t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    const QJsonObject out { { QStringLiteral("samplesFrom"), QStringLiteral("live") },
                            { QStringLiteral("ms"), kinds },
                            { QStringLiteral("milestonesMs"), milestones },
                            { QStringLiteral("items"), m_store ? m_store->itemCount() : 0 },
                            { QStringLiteral("cpuUserMs"), cpuMs(usage.ru_utime) },
                            { QStringLiteral("cpuSystemMs"), cpuMs(usage.ru_stime) },
                            { QStringLiteral("peakRssMiB"), double(statusKiB("VmHWM")) / 1024.0 },
                            { QStringLiteral("rssMiB"), double(statusKiB("VmRSS")) / 1024.0 },
                            { QStringLiteral("uptimeMs"), ms(nowNs()) } };
    QFile file(m_file);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(QJsonDocument(out).toJson()) < 0) {
        std::fprintf(stderr, "tessera: cannot write frame statistics to %s: %s\n", qPrintable(m_file),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

} // namespace Tessera::App
