// Model-based test of BoardStore and the live models over it.
//
// Each run starts from a fresh board and takes random steps through BoardStore's public API:
// server batches of every event kind (validate() + makeEvent() on the server's state, as the
// server builds them; seqs gap-free), my optimistic submits (seq 0, as CommandSync shows them),
// their acks (server events carrying the mutationId), rejects, conflicts, retries, discards,
// snapshot reloads (possibly past events the store never saw), failing batches and presence.
// After every step the store and every model (each under a Fatal QAbstractItemModelTester) are
// compared with a plain reference: its own confirmed BoardState advanced with apply(), its own
// list of my mutations, and the effective items computed naively from those two. Every
// aboutToApplyBatch/batchApplied pair is checked against the BatchChanges contract.
//
// Row order: a snapshot orders rows by (rank, id), then the items that exist only as my pending
// creations, in the order made (BoardStore::rebuildRows). After that rows only go away or are
// appended (BatchChanges), so the reference keeps the survivors in place and appends what
// became visible, in the order the change announced.
//
// Models: the table, its search proxy (a text and status filter, sorted by a number column), a
// kanban lane per status option and "", a calendar over March, presence on the board, and the
// comments of three items and presence on one (re-aimed at other items at every snapshot).
//
// Environment:
//   TESSERA_MODEL_SEED=<n>   run only seed n (default: seeds 1..20)
//   TESSERA_MODEL_STEPS=<n>  steps per seed (default: 5000)
// A failure (or crash) prints its seed and step: TESSERA_MODEL_SEED=<seed>
// TESSERA_MODEL_STEPS=<step> replays the run up to it (the QHash seed is fixed too).

#include "core/models/boardstore.h"
#include "core/models/calendarmodel.h"
#include "core/rules/commandlogic.h"
#include "core/models/commentsmodel.h"
#include "core/models/itemfilter.h"
#include "core/models/itemtablemodel.h"
#include "core/models/kanbanlanemodel.h"
#include "core/models/presencemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#if defined(TESSERA_SANITIZED) && __has_include(<sanitizer/common_interface_defs.h>)
#include <sanitizer/common_interface_defs.h>
#define TESSERA_HAVE_SANITIZER_CALLBACK 1
#endif

using namespace Tessera::Core;

// QVERIFY2 builds its message even when the check passes (Qt 6.4); this builds it on failure only.
#define CHECK(ok, message) \
    do { \
        if (!(ok)) \
            QFAIL(qPrintable(message)); \
    } while (false)

namespace {

constexpr auto Fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;
const QString BoardId = QStringLiteral("b1");
const QString Me = QStringLiteral("u1"); // an editor; u2 is the owner, u3 another editor
const QString Owner = QStringLiteral("u2");
const QString Status = QStringLiteral("status");
const QStringList Lanes { QStringLiteral("todo"), QStringLiteral("doing"), QStringLiteral("done"),
                          QStringLiteral("later"), QString() };
const QString FilterText = QStringLiteral("an");
const QSet<QString> FilterOptions { QStringLiteral("todo"), QStringLiteral("later"), QString() };
const QDate CalendarFrom(2024, 3, 1), CalendarTo(2024, 3, 31);

// Where a crash, a fatal model-tester failure or a sanitizer report happened: said first.
char g_context[96] = "";
QtMessageHandler g_previousHandler = nullptr;
void printContext()
{
    std::fputs(g_context, stderr);
    g_context[0] = '\0'; // once
}
void onMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtFatalMsg)
        printContext();
    g_previousHandler(type, context, message);
}
#ifdef Q_OS_UNIX
struct sigaction g_previousActions[NSIG];
void onSignal(int sig)
{
    printContext();
    sigaction(sig, &g_previousActions[sig], nullptr); // then QTest's handler (or the default)
    raise(sig);
}
#endif

bool isItemKind(EventKind kind)
{
    return kind == EventKind::ItemCreated || kind == EventKind::ItemUpdated || kind == EventKind::ItemMoved
            || kind == EventKind::ItemDeleted;
}

bool byRank(const Item &a, const Item &b)
{
    return a.rank == b.rank ? a.id < b.id : a.rank < b.rank;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList sorted(const QSet<QString> &set)
{
    return sorted(QStringList(set.cbegin(), set.cend()));
}

QString describe(const std::optional<Item> &item)
{
    return item ? QString::fromUtf8(QJsonDocument(item->toJson()).toJson(QJsonDocument::Compact)) : QStringLiteral("-");
}

Command command(OpKind kind, const QJsonObject &args, const QString &mutationId = QString())
{
    return { mutationId, BoardId, { kind, args }, {} };
}

Column statusColumn(bool doing, bool later, const QString &laterLabel)
{
    Column c { Status, QStringLiteral("Status"), ColumnType::Status, {} };
    c.options.append({ QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#888888") });
    if (doing)
        c.options.append({ QStringLiteral("doing"), QStringLiteral("Doing"), QStringLiteral("#0000aa") });
    c.options.append({ QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#00aa00") });
    if (later)
        c.options.append({ QStringLiteral("later"), laterLabel, QStringLiteral("#aa00aa") });
    return c;
}

// What the store should show.
struct View
{
    QHash<QString, Item> items; // every effective item
    QHash<QString, ItemState> states; // items with item.* mutations
    ItemState state(const QString &id) const { return states.value(id, ItemState::Synced); }
};

// The reference: the confirmed state advanced by apply(), my mutations in the order made.
struct Reference
{
    BoardState confirmed;
    QList<LocalMutation> mutations;
    QStringList rows; // what BoardStore::itemIds() must be
    QMap<QString, Presence> presence; // by user id

    // Effective items: the confirmed ones advanced by my pending item.* mutations in the order
    // made (apply() touches only the event's item; changing a missing item changes nothing).
    // An item's state is the strongest of its item.* mutations': Conflict > Failed > Pending.
    View view() const
    {
        BoardState s;
        s.items = confirmed.items;
        View v;
        for (const LocalMutation &m : mutations) {
            if (!isItemKind(m.event.kind))
                continue;
            ItemState &state = v.states[m.itemId()];
            state = std::max(state, m.state);
            if (m.state == ItemState::Pending)
                apply(m.event, s);
        }
        v.items = s.items;
        return v;
    }
    QStringList snapshotRows(const View &v) const
    {
        QList<Item> items;
        for (const Item &item : v.items) {
            if (confirmed.items.contains(item.id))
                items.append(item);
        }
        std::sort(items.begin(), items.end(), byRank);
        QStringList out;
        for (const Item &item : std::as_const(items))
            out.append(item.id);
        for (const LocalMutation &m : mutations) { // then my pending creations, in the order made
            if (v.items.contains(m.itemId()) && !out.contains(m.itemId()))
                out.append(m.itemId());
        }
        return out;
    }
    qsizetype indexOf(const QString &mutationId) const
    {
        for (qsizetype i = 0; i < mutations.size(); ++i) {
            if (mutations.at(i).mutationId == mutationId)
                return i;
        }
        return -1;
    }
    void setPending(const QString &mutationId, const Event &event) // a retry keeps its place
    {
        const LocalMutation m { mutationId, event, ItemState::Pending, RejectCode::Invalid, {}, {} };
        if (const qsizetype i = indexOf(mutationId); i >= 0)
            mutations[i] = m;
        else
            mutations.append(m);
    }
    void applyBatch(const EventList &events)
    {
        for (const Event &e : events) {
            QVERIFY(apply(e, confirmed).ok);
            if (const qsizetype i = indexOf(e.mutationId); !e.mutationId.isEmpty() && i >= 0)
                mutations.removeAt(i); // confirmed: its overlay goes
        }
    }
    QString memberName(const QString &userId) const
    {
        const Member m = confirmed.members.value(userId);
        return !m.displayName.isEmpty() ? m.displayName : (!m.login.isEmpty() ? m.login : userId);
    }
    QString laneOf(const Item &item) const // a known option of the status column, else ""
    {
        const QString value = item.fields.value(Status).toString();
        return confirmed.column(Status)->option(value) ? value : QString();
    }
    bool isFound(const Item &item) const // status in FilterOptions, FilterText in a shown text
    {
        if (!FilterOptions.contains(laneOf(item)))
            return false;
        for (const Column &c : confirmed.columns) {
            const QJsonValue v = item.fields.value(c.id);
            const StatusOption *option = c.type == ColumnType::Status ? c.option(v.toString()) : nullptr;
            const QString text = c.type == ColumnType::Text ? v.toString()
                    : option                                 ? option->label
                    : c.type == ColumnType::Person && v.isString() ? memberName(v.toString())
                                                                   : QString();
            if (text.contains(FilterText, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }
};

struct Remote
{
    QString actor;
    Command command;
    std::optional<User> user; // member.add: the server's user directory entry
};

// Random commands, values and presence; knows nothing about the store.
class Generator
{
public:
    explicit Generator(quint32 seed) : m_rng(seed) { }

    int pick(int n) { return n > 0 ? m_rng.bounded(n) : 0; }
    bool chance(int percent) { return pick(100) < percent; }
    template<typename T>
    const T &any(const QList<T> &list) { return list.at(pick(int(list.size()))); }
    QString newId(char16_t prefix) { return QChar(prefix) + QString::number(++m_serial); }
    QString rank() // few distinct ranks: ties are ordered by id
    {
        return QStringLiteral("r") + QChar(char16_t(u'a' + pick(3))) + (chance(50) ? QStringLiteral("b") : QString());
    }
    QString word()
    {
        static const QStringList words { QStringLiteral("plan"), QStringLiteral("Banana"), QStringLiteral("bug"),
                                         QStringLiteral("fix it"), QStringLiteral("Ant"), QStringLiteral("docs") };
        return any(words);
    }
    QJsonValue value(const Column &c)
    {
        if (chance(10))
            return QJsonValue(QJsonValue::Null);
        switch (c.type) {
        case ColumnType::Text: return word();
        case ColumnType::Number: return double(pick(5));
        case ColumnType::Status: return c.options.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(any(c.options).id);
        case ColumnType::Person: return QStringLiteral("u%1").arg(1 + pick(5));
        case ColumnType::Date: return QDate(2024, 2, 27).addDays(pick(38)).toString(Qt::ISODate);
        case ColumnType::Checkbox: return chance(50);
        }
        return QJsonValue(QJsonValue::Null);
    }
    QJsonObject someFields(const QList<Column> &columns, int n)
    {
        QJsonObject out;
        while (n-- > 0) {
            const Column &c = any(columns);
            out.insert(c.id, value(c));
        }
        return out;
    }
    QJsonObject newItem(const QString &id, const QList<Column> &columns)
    {
        QJsonObject fields = someFields(columns, pick(4));
        fields.insert(QStringLiteral("title"), word());
        return { { QStringLiteral("itemId"), id },
                 { QStringLiteral("fields"), fields },
                 { QStringLiteral("rank"), rank() } };
    }
    QJsonObject comment(const QString &id)
    {
        return { { QStringLiteral("commentId"), id },
                 { QStringLiteral("body"), chance(30) ? QStringLiteral("hi @bob") : word() } };
    }

    // Someone else's next command on the server's state `s` (the caller validates it).
    // `focus` is the item the batch touched last: often the one it touches next.
    Remote remote(const BoardState &s, QString &focus)
    {
        const QStringList items = sorted(s.items.keys()), comments = sorted(s.comments.keys());
        Remote r { chance(60) ? Owner : QStringLiteral("u3"), {}, std::nullopt };
        const auto on = [&](OpKind kind, QJsonObject args) {
            focus = s.items.contains(focus) && chance(60) ? focus : any(items);
            args.insert(QStringLiteral("itemId"), focus);
            r.command = command(kind, args);
        };
        const int roll = pick(100);
        if (items.isEmpty() || (roll < 16 && items.size() < 10) || (roll < 40 && items.size() < 4)) {
            focus = newId(u'i');
            r.command = command(OpKind::ItemCreate, newItem(focus, s.columns));
        } else if (roll < 40) {
            on(OpKind::ItemUpdate, { { QStringLiteral("fields"), someFields(s.columns, 1 + pick(2)) } });
        } else if (roll < 52) {
            QJsonObject args { { QStringLiteral("rank"), rank() } };
            if (chance(30)) // a drag to another lane
                args.insert(QStringLiteral("fields"), QJsonObject { { Status, value(*s.column(Status)) } });
            on(OpKind::ItemMove, args);
        } else if (roll < (items.size() > 8 ? 68 : 60)) {
            on(OpKind::ItemDelete, {});
        } else if (roll < 72 || comments.isEmpty()) {
            on(OpKind::CommentCreate, comment(newId(u'c')));
        } else if (roll < 82) { // an author edits, the owner deletes
            const Comment c = s.comments.value(any(comments));
            r.actor = roll < 78 ? c.author : Owner;
            r.command = command(roll < 78 ? OpKind::CommentEdit : OpKind::CommentDelete, comment(c.id));
        } else {
            r.actor = Owner;
            r.command = boardCommand(s, roll);
        }
        if (r.command.op.kind == OpKind::MemberAdd) { // u4 and u5 come and go, under changing names
            const QString id = r.command.op.str(QStringLiteral("userId"));
            const bool u4 = id == QLatin1String("u4");
            const QString name = chance(50) ? (u4 ? QStringLiteral("Dee") : QStringLiteral("Ed"))
                                            : (u4 ? QStringLiteral("Dana") : QStringLiteral("Stan"));
            r.user = User { id, u4 ? QStringLiteral("dee") : QStringLiteral("ed"), name, false, false };
        }
        return r;
    }
    Command boardCommand(const BoardState &s, int roll)
    {
        const QList<Column> extras = s.columns.mid(5); // the five columns a board starts with stay
        const QString someone = chance(50) ? QStringLiteral("u4") : QStringLiteral("u5");
        if (roll < 83 && extras.size() < 2) {
            static const QStringList types { QStringLiteral("text"), QStringLiteral("number"), QStringLiteral("checkbox") };
            return command(OpKind::ColumnCreate, { { QStringLiteral("columnId"), newId(u'x') },
                                                   { QStringLiteral("name"), word() },
                                                   { QStringLiteral("type"), any(types) } });
        }
        if (roll < 85) { // options come and go (not while in use), "later" is renamed
            const QString later = chance(50) ? QStringLiteral("Planned") : QStringLiteral("Later");
            const Column c = statusColumn(chance(70), chance(50), later);
            QJsonArray options;
            for (const StatusOption &o : c.options)
                options.append(o.toJson());
            return command(OpKind::ColumnUpdate,
                           { { QStringLiteral("columnId"), Status }, { QStringLiteral("options"), options } });
        }
        if (roll < 86)
            return command(OpKind::ColumnUpdate,
                           { { QStringLiteral("columnId"), any(s.columns).id }, { QStringLiteral("name"), word() } });
        if (roll < 88 && !extras.isEmpty())
            return command(OpKind::ColumnDelete, { { QStringLiteral("columnId"), any(extras).id } });
        if (roll < 91)
            return command(OpKind::BoardUpdate,
                           { { QStringLiteral("name"), word() }, { QStringLiteral("description"), word() } });
        if (roll < 96)
            return command(OpKind::MemberAdd,
                           { { QStringLiteral("userId"), someone }, { QStringLiteral("role"), QStringLiteral("editor") } });
        return command(OpKind::MemberRemove, { { QStringLiteral("userId"), someone } });
    }

    // My next command on what I see (`shown`, in row order).
    Command local(const BoardState &s, const QStringList &shown)
    {
        const QString mutationId = newId(u'm');
        const int roll = pick(100);
        if (shown.size() < 3 || (roll < 25 && shown.size() < 10))
            return command(OpKind::ItemCreate, newItem(newId(u'i'), s.columns), mutationId);
        QJsonObject args = roll < 78 ? QJsonObject() : comment(newId(u'c'));
        args.insert(QStringLiteral("itemId"), any(shown));
        if (roll < 55) {
            args.insert(QStringLiteral("fields"), someFields(s.columns, 1 + pick(2)));
        } else if (roll < 68) {
            args.insert(QStringLiteral("rank"), rank());
            if (chance(40))
                args.insert(QStringLiteral("fields"), QJsonObject { { Status, value(*s.column(Status)) } });
        }
        const OpKind kind = roll < 55 ? OpKind::ItemUpdate
                : roll < 68           ? OpKind::ItemMove
                : roll < 78           ? OpKind::ItemDelete
                                      : OpKind::CommentCreate;
        Command c = command(kind, args, mutationId);
        rebase(c, s);
        return c;
    }
    // `base`: the confirmed versions of the fields the command changes (a retry takes theirs).
    static void rebase(Command &c, const BoardState &s)
    {
        QJsonObject base;
        const QJsonObject fields = c.op.fields();
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
            base.insert(it.key(), double(s.items.value(c.op.itemId()).versions.value(it.key())));
        c.op.args.insert(QStringLiteral("base"), base);
    }

    Presence presenceOf(const QString &userId, const QStringList &shown)
    {
        const bool editing = chance(40);
        return { userId, chance(50) ? QString() : word(), BoardId,
                 chance(25) || shown.isEmpty() ? QString() : (chance(10) ? QStringLiteral("gone") : any(shown)),
                 editing ? PresenceState::Editing : PresenceState::Viewing,
                 editing ? QStringLiteral("title") : QString() };
    }

private:
    QRandomGenerator m_rng;
    int m_serial = 0;
};

// One seed: a fresh board, the store, every model over it under a tester, and the reference.
class Run
{
public:
    explicit Run(quint32 seed);
    void step();
    QString what() const // the step, for a failure message
    {
        QStringList events;
        for (const Event &e : m_events) {
            events.append(eventKindName(e.kind) + QLatin1Char(' ') + e.itemId()
                          + (e.mutationId.isEmpty() ? QString() : QStringLiteral(" (") + e.mutationId + QLatin1Char(')')));
        }
        return QString::fromLatin1(m_what) + QStringLiteral(": ") + events.join(QStringLiteral(", "));
    }

private:
    enum class Expect { Nothing, Batch, Reset };

    QString at() // a clock of its own: one second per use from 2024-01-01
    {
        return QDateTime::fromMSecsSinceEpoch(1704067200000 + 1000 * ++m_clock, Qt::UTC).toString(Qt::ISODateWithMs);
    }
    BoardState initialState();
    QStringList mutationIds(const std::function<bool(const LocalMutation &)> &which) const;
    std::optional<Event> ack(BoardState &server, QSet<QString> &acked, QString &focus);
    std::optional<Event> remoteEvent(BoardState &server, QString &focus);
    void remoteBatch(bool confirmations);
    void local(const char *what, const Event &event, const std::function<void()> &change);
    void submit();
    void reject();
    void retry();
    void discard();
    void presence();
    void snapshot();
    void failingBatch();
    void onAboutToApplyBatch(const BatchChanges &changes);
    void onBatchApplied(const BatchChanges &changes);
    void checkStore();
    void checkModels();
    void watch();

    Generator m_gen;
    const char *m_what = "initial snapshot";
    EventList m_events; // of this step: a batch, the events a snapshot skipped, my change
    qint64 m_clock = 0;
    Reference m_ref, m_before; // m_before: the reference before this step
    View m_view, m_viewBefore; // their views
    QHash<QString, Command> m_mine; // my commands by mutation id
    QSet<QString> m_appliedUnseen; // my commands the server applied in events only a snapshot brought
    QStringList m_gone; // recently hidden ids: rowOf() must say -1
    Expect m_expect = Expect::Nothing;
    BatchChanges::Origin m_origin = BatchChanges::Origin::Server;
    int m_abouts = 0, m_applieds = 0, m_resets = 0;
    BatchChanges m_announced;

    BoardStore m_store; // outlives the models below
    ItemTableModel m_table { &m_store };
    ItemFilterProxy m_filtered { &m_table };
    CalendarModel m_calendar { &m_table };
    std::vector<std::unique_ptr<KanbanLaneModel>> m_lanes;
    std::unique_ptr<PresenceModel> m_presence; // on the board
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    std::vector<std::unique_ptr<QAbstractItemModel>> m_watched; // comments of 3 items, presence on 1
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_watchTesters; // destroyed first
    QStringList m_watchedItems;
};

Run::Run(quint32 seed) : m_gen(seed)
{
    QObject::connect(&m_store, &BoardStore::aboutToApplyBatch, &m_store,
                     [this](const BatchChanges &c) { onAboutToApplyBatch(c); });
    QObject::connect(&m_store, &BoardStore::batchApplied, &m_store, [this](const BatchChanges &c) { onBatchApplied(c); });
    QObject::connect(&m_store, &BoardStore::reset, &m_store, [this] { ++m_resets; });
    m_filtered.setFilter({ FilterText, QString(), Status, FilterOptions });
    m_filtered.sort(2); // points, then rank and id
    m_calendar.setDateColumn(QStringLiteral("due"));
    m_calendar.setRange(CalendarFrom, CalendarTo);
    QList<QAbstractItemModel *> models { &m_table, &m_filtered, &m_calendar };
    for (const QString &option : Lanes) {
        models.append(m_lanes.emplace_back(std::make_unique<KanbanLaneModel>(&m_table)).get());
        m_lanes.back()->setLane(Status, option);
    }
    m_presence = std::make_unique<PresenceModel>(&m_store);
    models.append(m_presence.get());
    for (QAbstractItemModel *model : std::as_const(models))
        m_testers.push_back(std::make_unique<QAbstractItemModelTester>(model, Fatal));
    m_watchedItems = { QStringLiteral("i1"), QStringLiteral("i2"), QStringLiteral("i3") };
    watch();

    m_ref.confirmed = initialState();
    m_view = m_ref.view();
    m_ref.rows = m_ref.snapshotRows(m_view);
    m_store.resetFromSnapshot(m_ref.confirmed);
    QCOMPARE(m_resets, 1);
    checkStore();
    if (!QTest::currentTestFailed())
        checkModels();
}

BoardState Run::initialState()
{
    BoardState s;
    s.board = { BoardId, QStringLiteral("Board"), QString(), false, QString() };
    s.columns = { { QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text, {} },
                  statusColumn(true, true, QStringLiteral("Planned")),
                  { QStringLiteral("points"), QStringLiteral("Points"), ColumnType::Number, {} },
                  { QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date, {} },
                  { QStringLiteral("owner"), QStringLiteral("Owner"), ColumnType::Person, {} } };
    s.members.insert(Me, { Me, Role::Editor, QStringLiteral("ann"), QStringLiteral("Ann") });
    s.members.insert(Owner, { Owner, Role::Owner, QStringLiteral("bob"), QStringLiteral("Bob") });
    s.members.insert(QStringLiteral("u3"), { QStringLiteral("u3"), Role::Editor, QStringLiteral("cy"), QString() });
    s.epoch = QStringLiteral("e1");
    s.seq = 100;
    for (int i = 0; i < 8; ++i) { // i1..i8: the first ids generated
        Item item;
        item.id = m_gen.newId(u'i');
        item.fields = m_gen.someFields(s.columns, 3);
        item.fields.insert(QStringLiteral("title"), m_gen.word());
        for (auto it = item.fields.constBegin(); it != item.fields.constEnd(); ++it)
            item.versions.insert(it.key(), 1 + m_gen.pick(99));
        item.rank = m_gen.rank();
        s.items.insert(item.id, item);
    }
    for (int i = 0; i < 4; ++i) {
        const Comment c { m_gen.newId(u'c'), QStringLiteral("i%1").arg(1 + m_gen.pick(4)),
                          QStringLiteral("u%1").arg(1 + i % 3), m_gen.word(), {}, at(), {} };
        s.comments.insert(c.id, c);
    }
    return s;
}

QStringList Run::mutationIds(const std::function<bool(const LocalMutation &)> &which) const
{
    QStringList ids;
    for (const LocalMutation &m : m_ref.mutations) {
        if (which(m))
            ids.append(m.mutationId);
    }
    return ids;
}

// The server applies one of my pending commands, if it still can: the event acks it.
std::optional<Event> Run::ack(BoardState &server, QSet<QString> &acked, QString &focus)
{
    QStringList ids = mutationIds([this, &acked](const LocalMutation &m) {
        return m.state == ItemState::Pending && !m_appliedUnseen.contains(m.mutationId) && !acked.contains(m.mutationId);
    });
    while (!ids.isEmpty()) {
        const Command c = m_mine.value(ids.takeAt(m_gen.pick(int(ids.size()))));
        if (!validate(c, server, Me).ok)
            continue;
        const Event e = makeEvent(c, server, Me, server.seq + 1, at());
        apply(e, server);
        acked.insert(c.mutationId);
        focus = c.op.itemId();
        return e;
    }
    return std::nullopt;
}

// Someone else's change, as the server makes it: validated, then the next event.
std::optional<Event> Run::remoteEvent(BoardState &server, QString &focus)
{
    for (int attempt = 0; attempt < 8; ++attempt) {
        const Remote r = m_gen.remote(server, focus);
        if (!validate(r.command, server, r.actor).ok)
            continue;
        const Event e = makeEvent(r.command, server, r.actor, server.seq + 1, at(), r.user ? &*r.user : nullptr);
        apply(e, server);
        return e;
    }
    return std::nullopt;
}

void Run::step()
{
    m_before = m_ref;
    m_viewBefore = m_view;
    m_events.clear();
    m_expect = Expect::Nothing;
    m_abouts = m_applieds = m_resets = 0;
    const int roll = m_gen.pick(100);
    const bool settle = m_ref.mutations.size() >= 8; // a long outbox is settled before I submit more
    if (roll < 46) {
        remoteBatch(roll >= 34);
    } else if (roll < 66 && !settle) {
        submit();
    } else if (roll < 72 || (roll < 66 && m_gen.chance(50))) {
        reject();
    } else if (roll < 76) {
        retry();
    } else if (roll < 81 || roll < 66) {
        discard();
    } else if (roll < 91) {
        presence();
    } else if (roll < 95) {
        snapshot();
    } else if (roll < 98) {
        failingBatch();
    } else { // unknown mutation ids change nothing and say nothing
        m_what = "unknown mutation id";
        const QString nope = QStringLiteral("nope");
        m_store.markFailed(nope, Tessera::Core::RejectCode::Invalid, QString());
        m_store.markConflict(nope, Item());
        m_store.clearPending(nope);
    }
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_abouts, m_expect == Expect::Batch ? 1 : 0);
    QCOMPARE(m_applieds, m_expect == Expect::Batch ? 1 : 0);
    QCOMPARE(m_resets, m_expect == Expect::Reset ? 1 : 0);
    if (m_expect != Expect::Batch) // else onAboutToApplyBatch did
        m_view = m_ref.view();
    if (m_expect == Expect::Reset)
        m_ref.rows = m_ref.snapshotRows(m_view);
    for (const QString &id : std::as_const(m_before.rows)) {
        if (!m_view.items.contains(id) && !m_gone.contains(id))
            m_gone.append(id);
    }
    m_gone = m_gone.mid(std::max<qsizetype>(0, m_gone.size() - 16));
    checkStore();
    if (!QTest::currentTestFailed())
        checkModels();
}

void Run::remoteBatch(bool confirmations)
{
    m_what = confirmations ? "confirmation batch" : "server batch";
    BoardState server = m_ref.confirmed;
    QString focus;
    QSet<QString> acked;
    for (int n = 1 + m_gen.pick(confirmations ? 2 : 5), i = 0; i < n; ++i) {
        std::optional<Event> e;
        if ((confirmations && i == 0) || m_gen.chance(10))
            e = ack(server, acked, focus);
        if (e || (e = remoteEvent(server, focus)))
            m_events.append(*e);
    }
    if (m_events.isEmpty())
        return;
    m_ref.applyBatch(m_events);
    for (const QString &id : std::as_const(acked))
        m_mine.remove(id);
    m_expect = Expect::Batch;
    m_origin = BatchChanges::Origin::Server;
    const ApplyResult r = m_store.applyBatch(m_events);
    CHECK(r.ok, r.message);
    if (m_gen.chance(10)) { // the batch coalesced events: its toSeq is past its last event's
        m_ref.confirmed.seq += 1 + m_gen.pick(3);
        m_store.advanceSeq(m_ref.confirmed.seq);
    }
}

// A change of my mutations: one batch of origin Local.
void Run::local(const char *what, const Event &event, const std::function<void()> &change)
{
    m_what = what;
    m_events = { event };
    m_expect = Expect::Batch;
    m_origin = BatchChanges::Origin::Local;
    change();
}

void Run::submit()
{
    const Command c = m_gen.local(m_ref.confirmed, m_ref.rows);
    const Event e = makeEvent(c, m_ref.confirmed, Me, 0, at()); // as CommandSync shows it
    m_mine.insert(c.mutationId, c);
    m_ref.setPending(c.mutationId, e);
    local("submit", e, [&] { m_store.setPending(c.mutationId, e); });
}

// The server says no: a conflict on field versions (with their item), or another reason.
void Run::reject()
{
    const QStringList ids = mutationIds([this](const LocalMutation &m) {
        return m.state == ItemState::Pending && !m_appliedUnseen.contains(m.mutationId);
    });
    if (ids.isEmpty())
        return;
    const Command c = m_mine.value(m_gen.any(ids));
    const Verdict v = validate(c, m_ref.confirmed, Me);
    std::optional<Item> theirs = v.current;
    if (v.ok && m_ref.confirmed.items.contains(c.op.itemId()) && m_gen.chance(50))
        theirs = m_ref.confirmed.items.value(c.op.itemId()); // someone changed it a moment ago
    LocalMutation &m = m_ref.mutations[m_ref.indexOf(c.mutationId)];
    m.state = theirs ? ItemState::Conflict : ItemState::Failed;
    m.code = theirs ? RejectCode::Conflict : (v.ok ? RejectCode::Forbidden : v.code);
    m.message = theirs ? QString() : (v.ok ? QStringLiteral("no longer an editor") : v.message);
    m.theirs = theirs;
    if (theirs)
        local("conflict", m.event, [&] { m_store.markConflict(c.mutationId, *theirs); });
    else
        local("reject", m.event, [&] { m_store.markFailed(c.mutationId, m.code, m.message); });
}

// The same mutation again, on the current versions.
void Run::retry()
{
    const QStringList ids = mutationIds([](const LocalMutation &m) { return m.state != ItemState::Pending; });
    if (ids.isEmpty())
        return;
    Command &c = m_mine[m_gen.any(ids)];
    Generator::rebase(c, m_ref.confirmed);
    const Event e = makeEvent(c, m_ref.confirmed, Me, 0, at());
    m_ref.setPending(c.mutationId, e);
    local("retry", e, [&] { m_store.setPending(c.mutationId, e); });
}

// Mostly rejected mutations, and those a snapshot already confirmed.
void Run::discard()
{
    QStringList ids = mutationIds([this](const LocalMutation &m) {
        return m.state != ItemState::Pending || m_appliedUnseen.contains(m.mutationId);
    });
    if (ids.isEmpty() || m_gen.chance(20))
        ids = mutationIds([](const LocalMutation &) { return true; });
    if (ids.isEmpty())
        return;
    const QString id = m_gen.any(ids);
    const Event e = m_ref.mutations.takeAt(m_ref.indexOf(id)).event;
    m_mine.remove(id);
    m_appliedUnseen.remove(id);
    local("discard", e, [&] { m_store.clearPending(id); });
}

void Run::presence()
{
    m_what = "presence";
    static const QStringList users { Me, Owner, QStringLiteral("u3"), QStringLiteral("u4"), QStringLiteral("u5") };
    int signalled = 0;
    QSet<QString> signalledItems;
    const auto connection = QObject::connect(&m_store, &BoardStore::presenceChanged, &m_store,
                                             [&](const QSet<QString> &ids) {
                                                 ++signalled;
                                                 signalledItems = ids;
                                             });
    QMap<QString, Presence> next;
    if (m_gen.chance(35)) {
        QList<Presence> all;
        for (const QString &user : users) {
            if (m_gen.chance(60))
                all.append(*next.insert(user, m_gen.presenceOf(user, m_ref.rows)));
        }
        m_store.setPresence(all);
    } else {
        next = m_ref.presence;
        QList<Presence> joined, changed;
        QStringList left;
        for (const QString &user : users) {
            if (!next.contains(user) && m_gen.chance(40))
                joined.append(*next.insert(user, m_gen.presenceOf(user, m_ref.rows)));
            else if (next.contains(user) && m_gen.chance(30))
                changed.append(*next.insert(user, m_gen.presenceOf(user, m_ref.rows)));
            else if (next.contains(user) && m_gen.chance(20) && next.remove(user))
                left.append(user);
        }
        m_store.applyPresenceDelta(joined, changed, left);
    }
    QObject::disconnect(connection);
    QSet<QString> items; // where someone arrived, left or changed what they do
    for (const QString &user : users) {
        if (m_ref.presence.contains(user) != next.contains(user) || m_ref.presence.value(user) != next.value(user))
            items << m_ref.presence.value(user).itemId << next.value(user).itemId;
    }
    QCOMPARE(signalled, items.isEmpty() ? 0 : 1);
    items.remove(QString());
    QCOMPARE(sorted(signalledItems), sorted(items));
    m_ref.presence = next;
}

// A reload (snapshotRequired, a digest repair): the server may be past events the store never
// saw, acks of mine among them; their overlays stay until I clear them.
void Run::snapshot()
{
    m_what = "snapshot";
    BoardState server = m_ref.confirmed;
    QString focus;
    QSet<QString> acked;
    for (int n = m_gen.pick(5); n > 0; --n) {
        std::optional<Event> e = m_gen.chance(30) ? ack(server, acked, focus) : std::nullopt;
        if (e || (e = remoteEvent(server, focus)))
            m_events.append(*e);
    }
    m_appliedUnseen += acked;
    m_ref.confirmed = server;
    m_expect = Expect::Reset;
    m_store.resetFromSnapshot(server);
    m_watchedItems.clear(); // now watch three items shown before, fresh models over the store
    for (QStringList ids = m_before.rows; m_watchedItems.size() < 3 && !ids.isEmpty();)
        m_watchedItems.append(ids.takeAt(m_gen.pick(int(ids.size()))));
    watch();
}

// Comments models of the watched items, a presence model of the first one, each under a tester.
void Run::watch()
{
    m_watchTesters.clear();
    m_watched.clear();
    for (const QString &id : std::as_const(m_watchedItems))
        m_watched.push_back(std::make_unique<CommentsModel>(&m_store, id));
    m_watched.push_back(std::make_unique<PresenceModel>(&m_store, m_watchedItems.value(0, QStringLiteral("i1"))));
    for (const auto &model : m_watched)
        m_watchTesters.push_back(std::make_unique<QAbstractItemModelTester>(model.get(), Fatal));
}

// A batch with one event that cannot apply: nothing changes, nothing is announced.
void Run::failingBatch()
{
    m_what = "failing batch";
    BoardState server = m_ref.confirmed;
    QString focus;
    for (int n = m_gen.pick(3); n > 0; --n) {
        if (const auto e = remoteEvent(server, focus))
            m_events.append(*e);
    }
    const bool item = m_gen.chance(50);
    m_events.insert(m_gen.pick(int(m_events.size()) + 1),
                    { server.seq + 1, item ? EventKind::ItemDeleted : EventKind::ColumnDeleted, Owner, QString(), at(),
                      { { item ? QStringLiteral("itemId") : QStringLiteral("columnId"), QStringLiteral("ghost") } } });
    QVERIFY(!m_store.applyBatch(m_events).ok);
}

// The BatchChanges contract, before anything changed: removed rows ascending and pointing at
// the removed ids; removed, inserted, updated, moved and stateChanged as the reference says.
void Run::onAboutToApplyBatch(const BatchChanges &changes)
{
    ++m_abouts;
    m_announced = changes;
    if (QTest::currentTestFailed())
        return; // already reported
    QVERIFY2(m_expect == Expect::Batch && m_abouts == 1 && m_applieds == 0, "an unexpected aboutToApplyBatch");
    QCOMPARE(int(changes.origin), int(m_origin));
    QCOMPARE(m_store.itemIds(), m_before.rows); // nothing changed yet
    QCOMPARE(changes.removedRows.size(), changes.removed.size());
    QSet<QString> atRemovedRows;
    for (qsizetype i = 0; i < changes.removedRows.size(); ++i) {
        const int row = changes.removedRows.at(i);
        CHECK(row >= 0 && row < m_before.rows.size(), QStringLiteral("removed row %1").arg(row));
        QVERIFY2(i == 0 || changes.removedRows.at(i - 1) < row, "removedRows are not ascending");
        atRemovedRows.insert(m_before.rows.at(row));
    }
    QCOMPARE(sorted(atRemovedRows), sorted(changes.removed));
    m_view = m_ref.view();
    const QHash<QString, Item> &before = m_viewBefore.items, &after = m_view.items;
    QSet<QString> gone, appeared, survivors;
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        (after.contains(it.key()) ? survivors : gone).insert(it.key());
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (!before.contains(it.key()))
            appeared.insert(it.key());
    }
    QCOMPARE(sorted(changes.removed), sorted(gone));
    QCOMPARE(sorted(changes.inserted), sorted(appeared));
    for (const QString &id : std::as_const(survivors)) {
        const Item &a = before[id], &b = after[id];
        QSet<QString> columns;
        if (a.fields != b.fields) {
            for (const QString &key : a.fields.keys() + b.fields.keys()) {
                if (a.fields.value(key) != b.fields.value(key))
                    columns.insert(key);
            }
        }
        if (!changes.columnsChanged) // a column change resets the models: no per-item columns needed
            QCOMPARE(sorted(changes.updated.value(id)), sorted(columns));
        CHECK(changes.moved.contains(id) == (a.rank != b.rank), id + QStringLiteral(" moved?"));
        CHECK(changes.stateChanged.contains(id) == (m_viewBefore.state(id) != m_view.state(id)),
              id + QStringLiteral(" state?"));
    }
    for (const QString &id : changes.updated.keys() + sorted(changes.moved) + sorted(changes.stateChanged))
        CHECK(survivors.contains(id), id + QStringLiteral(" changed but is not shown before and after"));
    QVERIFY(changes.columnsChanged || m_before.confirmed.columns == m_ref.confirmed.columns);
    QVERIFY(changes.membersChanged || m_before.confirmed.members == m_ref.confirmed.members);
    QVERIFY(changes.boardChanged || m_before.confirmed.board == m_ref.confirmed.board);
    QSet<QString> commented; // items whose confirmed comments changed
    const QHash<QString, Comment> &was = m_before.confirmed.comments, &is = m_ref.confirmed.comments;
    for (auto it = was.cbegin(); it != was.cend(); ++it) {
        if (is.value(it.key()) != *it)
            commented << it->itemId;
    }
    for (auto it = is.cbegin(); it != is.cend(); ++it) {
        if (was.value(it.key()) != *it)
            commented << it->itemId;
    }
    QCOMPARE(sorted(changes.commentsChanged & commented), sorted(commented));
}

// After: the same changes; survivors keep their relative order, what appeared is appended.
void Run::onBatchApplied(const BatchChanges &changes)
{
    ++m_applieds;
    if (QTest::currentTestFailed())
        return; // already reported
    QVERIFY2(m_expect == Expect::Batch && m_abouts == 1 && m_applieds == 1, "an unexpected batchApplied");
    QCOMPARE(changes.inserted, m_announced.inserted);
    QCOMPARE(changes.removedRows, m_announced.removedRows);
    QVERIFY(changes.removed == m_announced.removed && changes.updated == m_announced.updated
            && changes.moved == m_announced.moved && changes.stateChanged == m_announced.stateChanged
            && changes.commentsChanged == m_announced.commentsChanged);
    m_ref.rows.clear();
    for (const QString &id : std::as_const(m_before.rows)) {
        if (m_view.items.contains(id))
            m_ref.rows.append(id);
    }
    m_ref.rows += changes.inserted;
    QCOMPARE(m_store.itemIds(), m_ref.rows);
}

void Run::checkStore()
{
    QCOMPARE(m_store.itemIds(), m_ref.rows);
    QCOMPARE(m_store.itemCount(), int(m_ref.rows.size()));
    QCOMPARE(sorted(m_ref.rows), sorted(m_view.items.keys()));
    for (int row = 0; row < m_ref.rows.size(); ++row) {
        const QString &id = m_ref.rows.at(row);
        CHECK(m_store.rowOf(id) == row, QStringLiteral("rowOf(%1) is %2, not %3").arg(id).arg(m_store.rowOf(id)).arg(row));
        const std::optional<Item> item = m_store.item(id);
        CHECK(item == m_view.items.value(id),
              id + QStringLiteral(": ") + describe(item) + QStringLiteral(" != ") + describe(m_view.items.value(id)));
        CHECK(m_store.itemState(id) == m_view.state(id),
              QStringLiteral("itemState(%1) is %2, not %3")
                      .arg(id)
                      .arg(int(m_store.itemState(id)))
                      .arg(int(m_view.state(id))));
    }
    QStringList hidden = m_gone + m_ref.confirmed.items.keys() + QStringList { QStringLiteral("ghost") };
    for (const LocalMutation &m : std::as_const(m_ref.mutations))
        hidden.append(m.itemId());
    for (const QString &id : std::as_const(hidden)) {
        if (!m_view.items.contains(id)) {
            CHECK(m_store.rowOf(id) == -1 && !m_store.itemPtr(id), id + QStringLiteral(" is shown"));
            CHECK(m_store.itemState(id) == m_view.state(id), QStringLiteral("itemState(%1)").arg(id));
        }
    }
    const QList<LocalMutation> mutations = m_store.mutations();
    QCOMPARE(mutations.size(), m_ref.mutations.size());
    for (qsizetype i = 0; i < mutations.size(); ++i) {
        const LocalMutation &a = mutations.at(i), &b = m_ref.mutations.at(i);
        QCOMPARE(a.mutationId, b.mutationId);
        QCOMPARE(int(a.state), int(b.state));
        QCOMPARE(int(a.code), int(b.code));
        QCOMPARE(a.message, b.message);
        QVERIFY(a.event == b.event && a.theirs == b.theirs && m_store.mutation(a.mutationId));
    }
    const BoardState &c = m_store.confirmed();
    QCOMPARE(c.seq, m_ref.confirmed.seq);
    QVERIFY(c.items == m_ref.confirmed.items);
    QVERIFY(c.comments == m_ref.confirmed.comments); // every item's comments
    QVERIFY(c.columns == m_ref.confirmed.columns && c.members == m_ref.confirmed.members
            && c.board == m_ref.confirmed.board);
    QList<Presence> presence = m_store.presence();
    std::sort(presence.begin(), presence.end(), [](const Presence &a, const Presence &b) { return a.userId < b.userId; });
    QVERIFY(presence == m_ref.presence.values());
}

void Run::checkModels()
{
    // The table: the store's rows, every cell the effective value.
    const QList<Column> &columns = m_ref.confirmed.columns;
    QCOMPARE(m_table.rowCount(), int(m_ref.rows.size()));
    QCOMPARE(m_table.columnCount(), int(columns.size()));
    QList<Item> items; // effective items in row order
    for (int row = 0; row < m_ref.rows.size(); ++row) {
        const Item &item = items.emplace_back(m_view.items.value(m_ref.rows.at(row)));
        const QModelIndex first = m_table.index(row, 0);
        QStringList present;
        for (const Presence &p : std::as_const(m_ref.presence)) {
            if (p.itemId == item.id)
                present.append(p.userId);
        }
        CHECK(first.data(ItemTableModel::ItemIdRole).toString() == item.id
                      && first.data(ItemTableModel::RankRole).toString() == item.rank
                      && first.data(ItemTableModel::StateRole).toInt() == int(m_view.state(item.id))
                      && first.data(ItemTableModel::PresenceRole).toStringList() == present,
              QStringLiteral("table row %1: id, rank, state or presence of %2").arg(row).arg(item.id));
        for (int column = 0; column < columns.size(); ++column) {
            const QJsonValue v = item.fields.value(columns.at(column).id);
            const QVariant shown = m_table.index(row, column).data(ItemTableModel::RawValueRole);
            CHECK(shown == (v.isNull() || v.isUndefined() ? QVariant() : v.toVariant()),
                  QStringLiteral("table row %1 (%2), column %3: %4")
                          .arg(row)
                          .arg(item.id, columns.at(column).id, shown.toString()));
        }
    }

    // What the proxies select from: the items by (rank, id), each with its lane, whether the
    // search finds it, its due day and its points.
    struct Card
    {
        QString id, lane;
        bool found;
        QDate due;
        QJsonValue points;
    };
    std::sort(items.begin(), items.end(), byRank);
    QList<Card> cards;
    for (const Item &item : std::as_const(items)) {
        cards.append({ item.id, m_ref.laneOf(item), m_ref.isFound(item),
                       QDate::fromString(item.fields.value(QStringLiteral("due")).toString(), Qt::ISODate),
                       item.fields.value(QStringLiteral("points")) });
    }
    const auto select = [&cards](const auto &keep) {
        QList<Card> out;
        std::copy_if(cards.cbegin(), cards.cend(), std::back_inserter(out), keep);
        return out;
    };
    const auto ids = [](const QList<Card> &list) {
        QStringList out;
        for (const Card &c : list)
            out.append(c.id);
        return out;
    };

    // The table's search: FilterOptions and FilterText, by points (empty last), rank, id.
    QList<Card> found = select([](const Card &c) { return c.found; });
    std::stable_sort(found.begin(), found.end(), [](const Card &a, const Card &b) {
        return a.points.isDouble() != b.points.isDouble() ? a.points.isDouble() : a.points.toDouble() < b.points.toDouble();
    });
    QStringList filtered;
    for (int row = 0; row < m_filtered.rowCount(); ++row)
        filtered.append(m_filtered.index(row, 0).data(ItemTableModel::ItemIdRole).toString());
    QCOMPARE(filtered, ids(found));

    // Kanban lanes: the cards with that status (unknown or none: ""), by rank and id.
    for (size_t lane = 0; lane < m_lanes.size(); ++lane) {
        const QString option = Lanes.at(qsizetype(lane));
        QCOMPARE(m_lanes.at(lane)->itemIds(), ids(select([&option](const Card &c) { return c.lane == option; })));
    }

    // The calendar: the items due within its range, by day, then rank and id.
    QList<Card> due = select([](const Card &c) { return c.due.isValid() && c.due >= CalendarFrom && c.due <= CalendarTo; });
    std::stable_sort(due.begin(), due.end(), [](const Card &a, const Card &b) { return a.due < b.due; });
    QCOMPARE(m_calendar.rowCount(), int(due.size()));
    QMultiMap<QDate, QString> byDay;
    for (int row = int(due.size()) - 1; row >= 0; --row) { // a QMultiMap lists equal keys newest first
        QCOMPARE(m_calendar.itemIdAt(row), due.at(row).id);
        QCOMPARE(m_calendar.dateAt(row), due.at(row).due);
        byDay.insert(due.at(row).due, due.at(row).id);
    }
    QVERIFY(m_calendar.itemsByDay() == byDay);

    // Comments: the confirmed ones oldest first, then mine on their way, in the order made.
    for (size_t i = 0; i + 1 < m_watched.size(); ++i) {
        const auto *model = static_cast<const CommentsModel *>(m_watched.at(i).get());
        QList<std::pair<Comment, ItemState>> expected;
        for (const Comment &c : std::as_const(m_ref.confirmed.comments)) {
            if (c.itemId == model->itemId())
                expected.append({ c, ItemState::Synced });
        }
        std::sort(expected.begin(), expected.end(), [](const auto &a, const auto &b) {
            return a.first.createdAt == b.first.createdAt ? a.first.id < b.first.id : a.first.createdAt < b.first.createdAt;
        });
        for (const LocalMutation &m : std::as_const(m_ref.mutations)) {
            if (m.event.kind != EventKind::CommentCreated || m.itemId() != model->itemId())
                continue;
            const Comment c = Comment::fromJson(m.event.payload.value(QStringLiteral("comment")).toObject()).value();
            if (!m_ref.confirmed.comments.contains(c.id))
                expected.append({ c, m.state });
        }
        QCOMPARE(model->rowCount(), int(expected.size()));
        for (int row = 0; row < expected.size(); ++row) {
            const QModelIndex index = model->index(row);
            const auto &[comment, state] = expected.at(row);
            QCOMPARE(index.data(CommentsModel::IdRole).toString(), comment.id);
            QCOMPARE(index.data(CommentsModel::BodyRole).toString(), comment.body);
            QCOMPARE(index.data(CommentsModel::AuthorNameRole).toString(), m_ref.memberName(comment.author));
            QCOMPARE(index.data(CommentsModel::PendingRole).toBool(), state == ItemState::Pending);
            QCOMPARE(index.data(CommentsModel::FailedRole).toBool(),
                     state == ItemState::Failed || state == ItemState::Conflict);
        }
    }

    // Presence on the board and on the first watched item, by user id.
    const QAbstractItemModel *onBoard = m_presence.get(), *onItem = m_watched.back().get();
    for (const QAbstractItemModel *model : { onBoard, onItem }) {
        QList<Presence> expected;
        for (const Presence &p : std::as_const(m_ref.presence)) {
            if (model == onBoard || p.itemId == m_watchedItems.value(0, QStringLiteral("i1")))
                expected.append(p);
        }
        QCOMPARE(model->rowCount(), int(expected.size()));
        for (int row = 0; row < expected.size(); ++row) {
            const QModelIndex index = model->index(row, 0);
            QCOMPARE(index.data(PresenceModel::UserIdRole).toString(), expected.at(row).userId);
            QCOMPARE(index.data(PresenceModel::ItemIdRole).toString(), expected.at(row).itemId);
            QCOMPARE(index.data(PresenceModel::StateRole).toString(), presenceStateName(expected.at(row).state));
            QCOMPARE(index.data(PresenceModel::FieldRole).toString(), expected.at(row).field);
        }
    }
}

} // namespace

class tst_BoardStoreModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void randomStepsMatchTheReference();
};

void tst_BoardStoreModel::initTestCase()
{
    // QHash iteration orders inside the store are then the same in every run, so a replay
    // replays exactly. Every hash this test makes is created after this.
    QHashSeed::setDeterministicGlobalSeed();
    g_previousHandler = qInstallMessageHandler(onMessage);
#ifdef Q_OS_UNIX
    for (int sig : { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL }) {
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigaction(sig, &action, &g_previousActions[sig]);
    }
#endif
#ifdef TESSERA_HAVE_SANITIZER_CALLBACK
    __sanitizer_set_death_callback(printContext);
#endif
}

void tst_BoardStoreModel::randomStepsMatchTheReference()
{
    const bool stepsSet = qEnvironmentVariableIsSet("TESSERA_MODEL_STEPS");
    const int steps = stepsSet ? qEnvironmentVariableIntValue("TESSERA_MODEL_STEPS") : 5000;
    const int seed = qEnvironmentVariableIntValue("TESSERA_MODEL_SEED"); // 0: all
    for (int s = seed ? seed : 1; s <= (seed ? seed : 20); ++s) {
        std::snprintf(g_context, sizeof g_context, "tst_boardstore_model: died at seed %d, initial snapshot\n", s);
        Run run { quint32(s) };
        if (QTest::currentTestFailed())
            qWarning("failed at seed %d in the initial snapshot", s);
        for (int step = 1; step <= steps && !QTest::currentTestFailed(); ++step) {
            std::snprintf(g_context, sizeof g_context, "tst_boardstore_model: died at seed %d step %d\n", s, step);
            run.step();
            if (QTest::currentTestFailed())
                qWarning("failed at seed %d step %d (%s): replay with TESSERA_MODEL_SEED=%d TESSERA_MODEL_STEPS=%d", s,
                         step, qPrintable(run.what()), s, step);
        }
        if (QTest::currentTestFailed())
            return;
    }
}

QTEST_GUILESS_MAIN(tst_BoardStoreModel)
#include "tst_boardstore_model.moc"
