// The HTTP half of the protocol: every body both sides read or write round-trips through
// its one codec, decoders are strict and name the field, and every code table is whole.
#include "core/protocol/attachmentbodies.h"
#include "core/protocol/commandoutcome.h"
#include "core/protocol/httpbodies.h"
#include "core/protocol/jobprogress.h"
#include "core/protocol/messages.h"
#include "core/protocol/routes.h"

#include <QTest>

using namespace Tessera::Core;

namespace {

template<typename T>
void roundTrips(const T &value)
{
    const auto decoded = T::fromJson(value.toJson());
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QVERIFY(decoded.value() == value);
}

Event eventAt(qint64 seq)
{
    return { seq, EventKind::ItemUpdated, QStringLiteral("u1"), QStringLiteral("m%1").arg(seq), QStringLiteral("2026-11-30T10:00:00.000Z"),
             { { QStringLiteral("itemId"), QStringLiteral("i1") },
               { QStringLiteral("fields"), QJsonObject { { QStringLiteral("title"), QStringLiteral("T") } } },
               { QStringLiteral("versions"), QJsonObject { { QStringLiteral("title"), double(seq) } } } } };
}

Item item()
{
    Item i;
    i.id = QStringLiteral("i1");
    i.rank = QStringLiteral("V");
    i.fields.insert(QStringLiteral("title"), QStringLiteral("Theirs"));
    i.versions.insert(QStringLiteral("title"), 7);
    i.createdBy = QStringLiteral("u1");
    i.createdAt = QStringLiteral("2026-11-30T10:00:00.000Z");
    return i;
}

} // namespace

class TstHttpBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyBodyRoundTrips()
    {
        const User ana { QStringLiteral("u1"), QStringLiteral("ana"), QStringLiteral("Ana"), true, false };
        roundTrips(ErrorBody::of(ErrorCode::StreamForbidden, QStringLiteral("not a member")));
        roundTrips(LoginReply { QStringLiteral("tok"), ana });
        roundTrips(BoardList { { { { QStringLiteral("b1"), QStringLiteral("Launch"), QStringLiteral("Q3"), false, {} }, Role::Owner, 42 },
                                 { { QStringLiteral("b2"), QStringLiteral("Ops"), {}, false, {} }, Role::Viewer, 0 } },
                               QStringLiteral("e1") });
        roundTrips(ChangesPage { QStringLiteral("board:b1"), 5, 6, 9, QStringLiteral("e1"), { eventAt(5), eventAt(6) }, {} });
        roundTrips(ChangesPage { QStringLiteral("inbox"), 10, 9, 9, QStringLiteral("e1"), {}, {} }); // nothing new
        roundTrips(HeadsReply { { { QStringLiteral("board:b1"), 42 }, { QStringLiteral("inbox"), 3 } }, QStringLiteral("e1") });
        roundTrips(DigestReply { 42, QStringLiteral("ab12") });
        Notification n;
        n.id = QStringLiteral("n1");
        n.seq = 3;
        n.kind = NotificationKind::Mention;
        n.boardId = QStringLiteral("b1");
        n.itemId = QStringLiteral("i1");
        n.actor = QStringLiteral("u2");
        n.text = QStringLiteral("Ben mentioned you");
        n.at = QStringLiteral("2026-11-30T10:00:00.000Z");
        roundTrips(InboxPage { { n }, 1, 3, QStringLiteral("e1") });
        roundTrips(InboxPage { {}, 0, 3, {} }); // the answer to marking read
        roundTrips(UserList { { ana } });
        JobProgress job;
        job.id = QStringLiteral("j1");
        job.kind = QStringLiteral("import");
        job.boardId = QStringLiteral("b1");
        job.owner = QStringLiteral("u1");
        job.ownerLogin = QStringLiteral("ana");
        job.state = JobProgress::State::Running;
        job.total = 100;
        job.done = 40;
        job.imported = 38;
        job.failed = 2;
        job.ratePerSecond = 20;
        job.etaSeconds = 3;
        job.createdAt = QStringLiteral("2026-11-30T10:00:00.000Z");
        job.updatedAt = QStringLiteral("2026-11-30T10:00:02.000Z");
        roundTrips(job);
        job.state = JobProgress::State::Failed;
        job.etaSeconds.reset();
        job.error = QStringLiteral("line 3 has 1 field(s) but the header has 2");
        roundTrips(job);
        roundTrips(ConnectionsReport { { { QStringLiteral("u1"), QStringLiteral("ana"), QStringLiteral("127.0.0.1"),
                                           QStringLiteral("2026-11-30T10:00:00Z"), { QStringLiteral("board:b1"), QStringLiteral("inbox") } } },
                                       { { QStringLiteral("b1"), QStringLiteral("Launch"), 42, 7 } } });
    }

    void attachmentBodies()
    {
        const QString sha(64, QLatin1Char('c'));
        roundTrips(UploadRequest { QStringLiteral("b1"), QStringLiteral("i1"), QStringLiteral("spec.pdf"), 2048, sha,
                                   QStringLiteral("application/pdf") });
        roundTrips(UploadProgress { QStringLiteral("u1"), 1024, 2048, false, 1048576, {} });
        roundTrips(UploadProgress { QStringLiteral("u1"), 2048, 2048, true, 1048576, sha });
        roundTrips(AttachmentLink { QStringLiteral("/api/v1/files/a1?u=u2&exp=1&sig=ab"), 1764520000,
                                    { QStringLiteral("a1"), QStringLiteral("i1"), QStringLiteral("spec.pdf"), 2048,
                                      QStringLiteral("application/pdf"), sha, QStringLiteral("u2"), QStringLiteral("t") } });
        // A 409 is where the upload stands, with the error beside it.
        QJsonObject conflict = UploadProgress { QStringLiteral("u1"), 5, 9, false, 4, {} }.toJson();
        conflict.insert(QStringLiteral("error"),
                        ErrorBody::of(ErrorCode::RequestInvalid, QStringLiteral("at 5")).toJson().value(QStringLiteral("error")));
        QCOMPARE(UploadProgress::fromJson(conflict)->offset, 5);
        QCOMPARE(ErrorBody::fromJson(conflict)->message, QStringLiteral("at 5"));
        // Strict, naming the field; the media type defaults and is lower-cased.
        QJsonObject request = UploadRequest { QStringLiteral("b1"), QStringLiteral("i1"), QStringLiteral("a"), 1, sha, {} }.toJson();
        request.remove(QStringLiteral("contentType"));
        QCOMPARE(UploadRequest::fromJson(request)->contentType, QStringLiteral("application/octet-stream"));
        request.insert(QStringLiteral("contentType"), QStringLiteral("Image/PNG"));
        QCOMPARE(UploadRequest::fromJson(request)->contentType, QStringLiteral("image/png"));
        const auto refusedField = [&request](const char *key, const QJsonValue &value) {
            QJsonObject bad = request;
            bad.insert(QLatin1String(key), value);
            const auto decoded = UploadRequest::fromJson(bad);
            return decoded ? QString() : decoded.error().field;
        };
        QCOMPARE(refusedField("name", QStringLiteral("a/b")), QStringLiteral("name"));
        QCOMPARE(refusedField("size", 0), QStringLiteral("size"));
        QCOMPARE(refusedField("sha256", QStringLiteral("XYZ")), QStringLiteral("sha256"));
        QCOMPARE(refusedField("contentType", QStringLiteral("text/html\r\nX: 1")), QStringLiteral("contentType"));
        QVERIFY(!AttachmentLink::fromJson({ { QStringLiteral("url"), QStringLiteral("https://elsewhere/x") },
                                            { QStringLiteral("expiresAt"), 1 },
                                            { QStringLiteral("attachment"), QJsonObject() } })
                         .ok());
    }

    void commandOutcomesShareOneCodecOnBothTransports()
    {
        const CommandOutcome ack = CommandOutcome::ack(QStringLiteral("m1"), 12, true);
        CommandOutcome bulk = CommandOutcome::ack(QStringLiteral("m2"), 20);
        bulk.fromSeq = 11;
        CommandOutcome conflict = CommandOutcome::rejected(QStringLiteral("m3"), RejectCode::Conflict, QStringLiteral("title changed"), item());
        CommandOutcome limited = CommandOutcome::rejected(QStringLiteral("m4"), RejectCode::RateLimited, QStringLiteral("slow down"));
        limited.retryAfterMs = 250;
        const CommandOutcome failed = CommandOutcome::failed(ErrorCode::Internal, QStringLiteral("disk full"));
        for (const CommandOutcome &o : { ack, bulk, conflict, limited, failed }) {
            roundTrips(o);
            // The WebSocket frame carries the same fields under the same names (plus rid).
            const ServerMessage frame = ServerMessage::fromOutcome(o, 5);
            const QJsonObject json = frame.toJson();
            QCOMPARE(json.value(QStringLiteral("rid")).toInteger(), 5);
            QJsonObject withoutRid = json;
            withoutRid.remove(QStringLiteral("rid"));
            QCOMPARE(withoutRid, o.toJson());
            const auto back = ServerMessage::fromJson(json);
            QVERIFY(back.ok());
            if (o.status != CommandOutcome::Status::Error)
                QVERIFY(back->outcome() == o);
            else
                QCOMPARE(back->error, ErrorCode::Internal);
        }
        QCOMPARE(conflict.toJson().value(QStringLiteral("code")).toString(), QStringLiteral("conflict"));
        QCOMPARE(limited.toJson().value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
        QCOMPARE(limited.toJson().value(QStringLiteral("retryAfterMs")).toInteger(), 250);
    }

    void decodersAreStrictAndNameTheField()
    {
        auto page = ChangesPage::fromJson({ { QStringLiteral("fromSeq"), 5 }, { QStringLiteral("toSeq"), QStringLiteral("six") },
                                            { QStringLiteral("headSeq"), 9 } });
        QVERIFY(!page.ok());
        QCOMPARE(page.error().field, QStringLiteral("toSeq"));
        // An event outside fromSeq..toSeq is refused, not applied out of order.
        page = ChangesPage::fromJson(ChangesPage { QStringLiteral("board:b1"), 5, 5, 9, QString(), { eventAt(7) }, {} }.toJson());
        QVERIFY(!page.ok());
        QCOMPARE(page.error().field, QStringLiteral("events[0].seq"));
        auto boards = BoardList::fromJson({ { QStringLiteral("boards"), QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("b1") } } } } });
        QVERIFY(!boards.ok());
        QVERIFY2(boards.error().field.startsWith(QStringLiteral("boards[0]")), qPrintable(boards.error().field));
        QVERIFY(!HeadsReply::fromJson({ { QStringLiteral("heads"), QJsonObject { { QStringLiteral("board:b1"), -1 } } } }).ok());
        QVERIFY(!LoginReply::fromJson({ { QStringLiteral("token"), QStringLiteral("t") } }).ok());
        QVERIFY(!CommandOutcome::fromJson({ { QStringLiteral("type"), QStringLiteral("maybe") } }).ok());
        // A newer server's event kind: left out and named, the page still covers its seqs.
        QJsonObject newer = ChangesPage { QStringLiteral("board:b1"), 5, 6, 9, QString(), { eventAt(5), eventAt(6) }, {} }.toJson();
        QJsonArray events = newer.value(QStringLiteral("events")).toArray();
        QJsonObject first = events.at(0).toObject();
        first.insert(QStringLiteral("kind"), QStringLiteral("item.archived"));
        events.replace(0, first);
        newer.insert(QStringLiteral("events"), events);
        page = ChangesPage::fromJson(newer);
        QVERIFY(page.ok());
        QCOMPARE(page->events.size(), 1);
        QCOMPARE(page->events.first().seq, 6);
        QCOMPARE(page->unknownKinds, QStringList { QStringLiteral("item.archived") });
    }

    void unknownCodesFromANewerServerAreKeptNotFatal()
    {
        const auto error = ErrorBody::fromJson({ { QStringLiteral("error"), QJsonObject { { QStringLiteral("code"), QStringLiteral("space.full") },
                                                                                          { QStringLiteral("message"), QStringLiteral("later") } } } });
        QVERIFY(error.ok());
        QCOMPARE(error->code, ErrorCode::Unknown);
        QCOMPARE(error->codeName, QStringLiteral("space.full"));
        const auto reject = CommandOutcome::fromJson({ { QStringLiteral("type"), QStringLiteral("reject") },
                                                       { QStringLiteral("mutationId"), QStringLiteral("m1") },
                                                       { QStringLiteral("code"), QStringLiteral("too_late") },
                                                       { QStringLiteral("message"), QStringLiteral("no") } });
        QVERIFY(reject.ok());
        QCOMPARE(reject->reject, RejectCode::Invalid); // refused all the same
    }

    void everyCodeHasOneName()
    {
        QSet<QString> names;
        for (int i = 0; i <= int(RejectCode::QuotaExceeded); ++i) {
            const QString name = rejectCodeName(RejectCode(i));
            QVERIFY(!name.isEmpty() && !names.contains(name));
            names.insert(name);
            QCOMPARE(rejectCodeFromName(name), std::optional<RejectCode>(RejectCode(i)));
        }
        names.clear();
        for (int i = 0; i <= int(ErrorCode::SnapshotRequired); ++i) {
            const QString name = errorCodeName(ErrorCode(i));
            QVERIFY2(!name.isEmpty() && !names.contains(name), qPrintable(QString::number(i)));
            names.insert(name);
            QCOMPARE(errorCodeFromName(name), ErrorCode(i));
        }
        for (const auto kind : { NotificationKind::Mention, NotificationKind::Assigned, NotificationKind::Comment, NotificationKind::Due })
            QCOMPARE(notificationKindFromName(notificationKindName(kind)), std::optional<NotificationKind>(kind));
        for (const auto state : { PresenceState::Viewing, PresenceState::Editing })
            QCOMPARE(presenceStateFromName(presenceStateName(state)), std::optional<PresenceState>(state));
        QCOMPARE(subscribeModeName(SubscribeMode::SnapshotRequired), QStringLiteral("snapshotRequired"));
    }

    void routesAreTheDocumentedPaths()
    {
        QCOMPARE(Routes::changes(QStringLiteral("board:b1"), 5, 100), QStringLiteral("/api/v1/streams/board:b1/changes?sinceSeq=5&limit=100"));
        QCOMPARE(Routes::headsOf({ QStringLiteral("board:b1"), QStringLiteral("inbox") }), QStringLiteral("/api/v1/sync/heads?streams=board:b1,inbox"));
        QCOMPARE(Routes::snapshot(QStringLiteral("b1")), QStringLiteral("/api/v1/boards/b1/snapshot"));
        QCOMPARE(QString(Routes::Pattern::imports()).replace(QStringLiteral("<arg>"), QStringLiteral("b1")), Routes::imports(QStringLiteral("b1")));
        QCOMPARE(Routes::imports(QStringLiteral("b1"), { QStringLiteral("title"), QString(), QStringLiteral("due") }, QStringLiteral("monthFirst")),
                 QStringLiteral("/api/v1/boards/b1/imports?columns=title,,due&dateOrder=monthFirst"));
        QCOMPARE(QString(Routes::Pattern::jobRetry()).replace(QStringLiteral("<arg>"), QStringLiteral("j1")), Routes::jobRetry(QStringLiteral("j1")));
        QCOMPARE(QString(Routes::Pattern::jobCancel()).replace(QStringLiteral("<arg>"), QStringLiteral("j1")), Routes::jobCancel(QStringLiteral("j1")));
        QCOMPARE(QString(Routes::Pattern::jobFailures()).replace(QStringLiteral("<arg>"), QStringLiteral("j1")), Routes::jobFailures(QStringLiteral("j1")));
        QCOMPARE(QString(Routes::Pattern::snapshot()).replace(QStringLiteral("<arg>"), QStringLiteral("b1")), Routes::snapshot(QStringLiteral("b1")));
        QCOMPARE(QString(Routes::Pattern::digest()).replace(QStringLiteral("<arg>"), QStringLiteral("b1")), Routes::digest(QStringLiteral("b1")));
        QCOMPARE(QString(Routes::Pattern::adminUser()).replace(QStringLiteral("<arg>"), QStringLiteral("u1")), Routes::adminUser(QStringLiteral("u1")));
        QVERIFY(Routes::changes(QStringLiteral("x"), 0, 1).startsWith(QString(Routes::Pattern::changes()).replace(QStringLiteral("<arg>"), QStringLiteral("x"))));
    }
};

QTEST_GUILESS_MAIN(TstHttpBodies)
#include "tst_httpbodies.moc"
