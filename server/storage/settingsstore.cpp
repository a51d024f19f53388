#include "settingsstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace Tessera::Server {

namespace {

struct Spec
{
    const char *key;
    QJsonValue::Type type;
    QJsonValue fallback;
    double min;
    double max;
};

const QList<Spec> &specs()
{
    static const QList<Spec> list {
        { "registration_open", QJsonValue::Bool, false, 0, 0 },
        { "log_retention_days", QJsonValue::Double, 30, 1, 3650 },
        { "log_min_events", QJsonValue::Double, 1000, 0, 10000000 },
        { "batch_window_ms", QJsonValue::Double, 5, 0, 1000 },
        { "polling_interval_s", QJsonValue::Double, 10, 1, 600 },
        { "presence_ttl_s", QJsonValue::Double, 45, 5, 3600 },
        { "origin_allowlist", QJsonValue::Array, QJsonArray(), 0, 0 },
        // quotas and retention (docs/admin.md, "Limits")
        { "max_items_per_board", QJsonValue::Double, 20000, 1, 10000000 },
        { "max_boards_per_user", QJsonValue::Double, 100, 1, 1000000 },
        { "board_cache_mb", QJsonValue::Double, 256, 16, 65536 },
        { "audit_retention_days", QJsonValue::Double, 365, 1, 3650 },
        { "session_retention_days", QJsonValue::Double, 30, 1, 3650 },
        { "mutation_retention_days", QJsonValue::Double, 90, 1, 3650 },
        { "deleted_board_days", QJsonValue::Double, 30, 1, 3650 }, // a deleted board can be restored this long
        { "max_attachment_mb", QJsonValue::Double, 25, 1, 2048 }, // one attached file (server/files)
        { "max_board_attachments_mb", QJsonValue::Double, 0, 0, 1048576 }, // all of a board's files; 0: no limit
    };
    return list;
}

const Spec *specFor(const QString &key)
{
    for (const Spec &s : specs()) {
        if (key == QLatin1String(s.key))
            return &s;
    }
    return nullptr;
}

} // namespace

SettingsStore::SettingsStore(QSqlDatabase db) : m_db(std::move(db)) { }

QVariant SettingsStore::value(const QString &key) const
{
    const Spec *spec = specFor(key);
    if (!spec)
        return QVariant();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next()) {
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toByteArray());
        const QJsonValue v = doc.isArray() ? QJsonValue(doc.array()) : doc.object().value(QStringLiteral("v"));
        if (v.type() == spec->type)
            return v.toVariant();
    }
    return spec->fallback.toVariant();
}

QStringList SettingsStore::originAllowlist() const
{
    return value(QStringLiteral("origin_allowlist")).toStringList();
}

QJsonObject SettingsStore::toJson() const
{
    QJsonObject o;
    for (const Spec &s : specs())
        o.insert(QLatin1String(s.key), QJsonValue::fromVariant(value(QLatin1String(s.key))));
    return o;
}

QString SettingsStore::update(const QJsonObject &changes)
{
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it) {
        const Spec *spec = specFor(it.key());
        if (!spec)
            return QStringLiteral("unknown setting '%1'").arg(it.key().left(64));
        if (it->type() != spec->type)
            return QStringLiteral("setting '%1' has the wrong type").arg(it.key());
        if (spec->type == QJsonValue::Double) {
            const double d = it->toDouble();
            if (d < spec->min || d > spec->max || d != double(qint64(d))) // range first: no UB converting
                return QStringLiteral("setting '%1' must be a whole number from %2 to %3").arg(it.key()).arg(spec->min).arg(spec->max);
        }
        if (spec->type == QJsonValue::Array) {
            const QJsonArray a = it->toArray();
            if (a.size() > 64)
                return QStringLiteral("setting '%1' has too many entries").arg(it.key());
            for (const QJsonValue &v : a) {
                if (!v.isString() || v.toString().size() > 256)
                    return QStringLiteral("setting '%1' takes a list of origins like https://example.com").arg(it.key());
            }
        }
    }
    if (!m_db.transaction())
        return QStringLiteral("database busy");
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
        q.addBindValue(it.key());
        const QJsonDocument doc = it->isArray() ? QJsonDocument(it->toArray())
                                                : QJsonDocument(QJsonObject { { QStringLiteral("v"), it.value() } });
        q.addBindValue(QString::fromUtf8(doc.toJson(QJsonDocument::Compact))); // text, not bytes (PostgreSQL: bytea)
        if (!q.exec()) {
            m_db.rollback();
            return QStringLiteral("could not store settings");
        }
    }
    return m_db.commit() ? QString() : QStringLiteral("could not store settings");
}

} // namespace Tessera::Server
