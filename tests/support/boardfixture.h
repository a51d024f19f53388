#pragma once

// A realistic demo board for the app tests and screenshots: columns of every type,
// four members, items with statuses, assignees and due dates in the current month.

#include "core/models/boardstore.h"

#include <QDate>

namespace Tessera::Test {

using namespace Tessera::Core;

inline Column makeColumn(const QString &id, const QString &name, ColumnType type)
{
    Column c { id, name, type, {} };
    if (type == ColumnType::Status) {
        c.options = { { QStringLiteral("todo"), QStringLiteral("To do"), QStringLiteral("#8e9aaf") },
                      { QStringLiteral("doing"), QStringLiteral("In progress"), QStringLiteral("#3b82f6") },
                      { QStringLiteral("review"), QStringLiteral("Review"), QStringLiteral("#f59e0b") },
                      { QStringLiteral("done"), QStringLiteral("Done"), QStringLiteral("#22a06b") } };
    }
    return c;
}

inline Event makeEvent(EventKind kind, const QJsonObject &payload, const QString &actor = QStringLiteral("u2"),
                       const QString &mutationId = QString(), qint64 seq = 0)
{
    return { seq, kind, actor, mutationId, nowIso(), payload };
}

// Items i01..iNN; `today` anchors the due dates (a fixed date keeps tests stable).
inline BoardState demoBoard(const QDate &today = QDate::currentDate(), int count = 14)
{
    BoardState s;
    s.board = { QStringLiteral("b1"), QStringLiteral("Website relaunch"), QStringLiteral("Q3 launch plan"), false, QString() };
    s.epoch = QStringLiteral("e1");
    s.seq = 100;
    s.columns = { makeColumn(QStringLiteral("title"), QStringLiteral("Title"), ColumnType::Text),
                  makeColumn(QStringLiteral("status"), QStringLiteral("Status"), ColumnType::Status),
                  makeColumn(QStringLiteral("owner"), QStringLiteral("Owner"), ColumnType::Person),
                  makeColumn(QStringLiteral("due"), QStringLiteral("Due"), ColumnType::Date),
                  makeColumn(QStringLiteral("points"), QStringLiteral("Points"), ColumnType::Number),
                  makeColumn(QStringLiteral("approved"), QStringLiteral("Approved"), ColumnType::Checkbox) };
    const QList<Member> members {
        { QStringLiteral("u1"), Role::Owner, QStringLiteral("ana"), QStringLiteral("Ana Lima") },
        { QStringLiteral("u2"), Role::Editor, QStringLiteral("ben"), QStringLiteral("Ben Okafor") },
        { QStringLiteral("u3"), Role::Editor, QStringLiteral("chloe"), QStringLiteral("Chloé Martin") },
        { QStringLiteral("u4"), Role::Viewer, QStringLiteral("dev"), QStringLiteral("Dev Patel") },
    };
    for (const Member &m : members)
        s.members.insert(m.userId, m);
    const QStringList titles {
        QStringLiteral("Write launch announcement"), QStringLiteral("Migrate blog to new CMS"),
        QStringLiteral("Fix header on mobile"), QStringLiteral("Accessibility audit"),
        QStringLiteral("Set up analytics"), QStringLiteral("Design pricing page"),
        QStringLiteral("Update privacy policy"), QStringLiteral("Load test the API"),
        QStringLiteral("Translate landing page (DE, FR)"), QStringLiteral("Record product demo video"),
        QStringLiteral("Review onboarding e-mails"), QStringLiteral("Cookie banner"),
        QStringLiteral("Image CDN rollout"), QStringLiteral("Press kit"), QStringLiteral("Sitemap"),
    };
    const QStringList statuses { QStringLiteral("todo"), QStringLiteral("doing"), QStringLiteral("review"),
                                 QStringLiteral("done") };
    const QDate first(today.year(), today.month(), 1);
    for (int i = 0; i < count; ++i) {
        Item item;
        item.id = QStringLiteral("i%1").arg(i + 1, 2, 10, QLatin1Char('0'));
        item.rank = QStringLiteral("V%1").arg(QChar(QLatin1Char('a' + i)));
        item.createdBy = QStringLiteral("u1");
        item.createdAt = QStringLiteral("2026-11-02T09:00:00.000Z");
        item.fields.insert(QStringLiteral("title"), titles.at(i % titles.size()));
        item.fields.insert(QStringLiteral("status"), statuses.at((i * 7 + i / 3) % 4));
        item.fields.insert(QStringLiteral("owner"), QStringLiteral("u%1").arg(i % 4 + 1));
        if (i % 5 != 4)
            item.fields.insert(QStringLiteral("due"),
                               first.addDays((i * 5) % first.daysInMonth()).toString(Qt::ISODate));
        item.fields.insert(QStringLiteral("points"), double((i * 3) % 8 + 1));
        item.fields.insert(QStringLiteral("approved"), i % 3 == 0);
        for (const QString &key : item.fields.keys())
            item.versions.insert(key, 10 + i);
        s.items.insert(item.id, item);
    }
    return s;
}

} // namespace Tessera::Test
