#include "commandlimits.h"

#include "server/storage/settingsstore.h"

#include <QJsonArray>
#include <QSqlQuery>

#include <cmath>

namespace Tessera::Server {

namespace {

constexpr qsizetype MaxTrackedUsers = 100000;

qint64 valueBytes(const QJsonValue &v);

qint64 objectBytes(const QJsonObject &o)
{
    qint64 n = 32;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        n += 24 + it.key().size() * 2 + valueBytes(it.value());
    return n;
}

// A rough size in memory: strings as UTF-16, containers with per-entry overhead.
qint64 valueBytes(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return 24 + v.toString().size() * 2;
    case QJsonValue::Object: return objectBytes(v.toObject());
    case QJsonValue::Array: {
        qint64 n = 32;
        for (const QJsonValue &e : v.toArray())
            n += 8 + valueBytes(e);
        return n;
    }
    default: return 16;
    }
}

} // namespace

CommandLimits::CommandLimits(QSqlDatabase db, int httpRatePerSecond, int httpBurst)
    : m_db(std::move(db)), m_ratePerSecond(std::max(1, httpRatePerSecond)), m_burst(std::max(1, httpBurst))
{
}

qint64 CommandLimits::setting(const char *key, qint64 fallback) const
{
    const QVariant v = SettingsStore(m_db).value(QLatin1String(key));
    return v.isValid() ? v.toLongLong() : fallback;
}

std::optional<Core::CommandOutcome> CommandLimits::admitHttp(const QString &userId, const Core::Command &command)
{
    auto it = m_buckets.find(userId);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= MaxTrackedUsers)
            m_buckets.clear();
        it = m_buckets.insert(userId, Bucket { double(m_burst), {} });
        it->refill.start();
    }
    it->tokens = std::min<double>(m_burst, it->tokens + double(it->refill.restart()) / 1000.0 * m_ratePerSecond);
    if (it->tokens >= 1) {
        it->tokens -= 1;
        return std::nullopt;
    }
    if (throttled)
        throttled();
    // Until a tenth of a second's worth (at least one command) is back in the bucket.
    const double target = std::max(1.0, std::min<double>(m_burst, m_ratePerSecond / 10.0));
    Core::CommandOutcome refused = Core::CommandOutcome::rejected(
            command.mutationId, Core::RejectCode::RateLimited,
            QStringLiteral("too many changes (at most %1 a second over HTTP); nothing was applied, retry after retryAfterMs")
                    .arg(m_ratePerSecond));
    refused.retryAfterMs = std::max<qint64>(1, qint64(std::ceil((target - it->tokens) / m_ratePerSecond * 1000.0)));
    return refused;
}

std::optional<QString> CommandLimits::quotaProblem(const Core::Command &command, const Core::BoardState &state) const
{
    qint64 creates = 0;
    for (const Core::Op &op : command.allOps())
        creates += op.kind == Core::OpKind::ItemCreate ? 1 : 0;
    if (creates == 0)
        return std::nullopt;
    const qint64 max = setting("max_items_per_board", 20000);
    if (state.items.size() + creates <= max)
        return std::nullopt;
    if (quotaExceeded)
        quotaExceeded(QByteArrayLiteral("items_per_board"));
    return QStringLiteral("this board has reached its limit of %1 items (a server admin can raise max_items_per_board)")
            .arg(max);
}

std::optional<QString> CommandLimits::newBoardProblem(const QString &userId) const
{
    const qint64 max = setting("max_boards_per_user", 100);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM boards WHERE created_by = ?"));
    q.addBindValue(userId);
    if (!q.exec() || !q.next() || q.value(0).toLongLong() < max)
        return std::nullopt;
    if (quotaExceeded)
        quotaExceeded(QByteArrayLiteral("boards_per_user"));
    return QStringLiteral("you have reached the limit of %1 boards (a server admin can raise max_boards_per_user)").arg(max);
}

qint64 CommandLimits::estimateBytes(const Core::BoardState &state)
{
    qint64 n = 4096;
    for (const Core::Item &item : state.items)
        n += 160 + item.id.size() * 2 + item.rank.size() * 2 + objectBytes(item.fields) + item.versions.size() * 48;
    for (const Core::Comment &c : state.comments)
        n += 160 + c.body.size() * 2;
    return n;
}

qint64 CommandLimits::budgetBytes() const
{
    return setting("board_cache_mb", 256) * 1024 * 1024;
}

QStringList CommandLimits::loaded(const QString &boardId, const Core::BoardState &state)
{
    dropped(boardId);
    const qint64 bytes = estimateBytes(state);
    const qint64 budget = budgetBytes();
    QStringList evict;
    // Least recently used first, until the new board fits (a board larger than the whole
    // budget still loads: the others make room).
    QList<std::pair<quint64, QString>> byAge;
    for (auto it = m_boards.constBegin(); it != m_boards.constEnd(); ++it)
        byAge.append({ it->lastUse, it.key() });
    std::sort(byAge.begin(), byAge.end());
    for (const auto &[lastUse, id] : byAge) {
        if (m_total + bytes <= budget)
            break;
        evict.append(id);
        dropped(id);
    }
    m_boards.insert(boardId, Cached { bytes, ++m_clock });
    m_total += bytes;
    return evict;
}

void CommandLimits::used(const QString &boardId)
{
    auto it = m_boards.find(boardId);
    if (it != m_boards.end())
        it->lastUse = ++m_clock;
}

void CommandLimits::grew(const QString &boardId, const Core::EventList &events)
{
    auto it = m_boards.find(boardId);
    if (it == m_boards.end())
        return;
    qint64 n = 0;
    for (const Core::Event &e : events)
        n += objectBytes(e.payload);
    it->bytes += n;
    m_total += n;
}

Core::ApplyResult CommandLimits::apply(const QString &boardId, const Core::Event &event, Core::BoardState &state)
{
    using Core::EventKind;
    if (event.kind == EventKind::ColumnCreated) // its id may have been a deleted column's
        finishStrips(boardId, event.payload.value(QStringLiteral("column")).toObject().value(QStringLiteral("id")).toString(), state);
    if (event.kind != EventKind::ColumnDeleted)
        return Core::apply(event, state);
    const QString columnId = event.payload.value(QStringLiteral("columnId")).toString();
    const qsizetype i = state.columnIndex(columnId);
    if (i < 0)
        return { false, QStringLiteral("event %1 deletes unknown column %2").arg(event.seq).arg(columnId) };
    state.columns.removeAt(i);
    state.seq = std::max(state.seq, event.seq);
    m_strips.append({ boardId, columnId, state.items.keys() });
    return { true, QString() };
}

void CommandLimits::finishStrips(const QString &boardId, const QString &columnId, Core::BoardState &state)
{
    for (qsizetype s = m_strips.size() - 1; s >= 0; --s) {
        if (m_strips[s].boardId != boardId || m_strips[s].columnId != columnId)
            continue;
        for (const QString &itemId : std::as_const(m_strips[s].items)) {
            const auto it = state.items.find(itemId);
            if (it != state.items.end()) {
                it->fields.remove(columnId);
                it->versions.remove(columnId);
            }
        }
        m_strips.removeAt(s);
    }
}

bool CommandLimits::stripStep(int items)
{
    while (!m_strips.isEmpty() && items > 0) {
        Strip &strip = m_strips.first();
        Core::BoardState *state = m_lookup ? m_lookup(strip.boardId) : nullptr;
        if (!state) { // no longer cached: a reload reads it without the column's values
            m_strips.removeFirst();
            continue;
        }
        while (!strip.items.isEmpty() && items > 0) {
            const auto it = state->items.find(strip.items.takeLast());
            --items;
            if (it == state->items.end())
                continue;
            it->fields.remove(strip.columnId);
            it->versions.remove(strip.columnId);
        }
        if (strip.items.isEmpty())
            m_strips.removeFirst();
    }
    return !m_strips.isEmpty();
}

void CommandLimits::dropped(const QString &boardId)
{
    m_strips.removeIf([&boardId](const Strip &s) { return s.boardId == boardId; });
    const auto it = m_boards.find(boardId);
    if (it == m_boards.end())
        return;
    m_total -= it->bytes;
    m_boards.erase(it);
}

void CommandLimits::clear()
{
    m_strips.clear();
    m_boards.clear();
    m_total = 0;
}

} // namespace Tessera::Server
