#pragma once
// Shared helpers for the SyncClient suites: a client per person with its own cache dir
// and token store, signed in against the real server started by the suite.
#include "core/client/clock.h"
#include "core/client/memorytokenstore.h"
#include "core/client/syncclient.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Tessera::Test {

inline const QString DemoPassword = QStringLiteral("tessera-demo");

struct Peer
{
    QTemporaryDir cacheDir;
    Core::MemoryTokenStore tokens;
    std::unique_ptr<Core::ManualClock> clock;
    std::unique_ptr<Core::SyncClient> client;

    // A fresh client over the same cache dir and token store (an app restart).
    Core::SyncClient *make(const QUrl &server, bool manualClock = false) { return make(QList<QUrl> { server }, manualClock); }
    // The same for a server of several nodes (ServerNodes::urls()): the first is its identity.
    Core::SyncClient *make(const QList<QUrl> &nodes, bool manualClock = false)
    {
        client.reset();
        if (manualClock && !clock)
            clock = std::make_unique<Core::ManualClock>();
        client = std::make_unique<Core::SyncClient>(
                Core::SyncClient::Options { nodes.first(), cacheDir.path(), &tokens, clock.get(), nodes.mid(1) });
        client->setBackoffLimits(50, 200, 500);
        return client.get();
    }
};

inline bool signIn(Core::SyncClient *client, const QString &login)
{
    QSignalSpy spy(client, &Core::SyncClient::signedIn);
    client->signIn(login, DemoPassword);
    return spy.wait(15000);
}

inline QByteArray httpToken(const ServerProcess &server, const QString &login)
{
    const QJsonObject body { { QStringLiteral("login"), login }, { QStringLiteral("password"), DemoPassword } };
    return httpRequest("POST", server.url().resolved(QUrl(QStringLiteral("/api/v1/login"))),
                       QJsonDocument(body).toJson(QJsonDocument::Compact))
            .json()
            .value(QStringLiteral("token"))
            .toString()
            .toLatin1();
}

inline HttpResult httpCall(const ServerProcess &server, const QByteArray &verb, const QString &path,
                           const QByteArray &token, const QJsonObject &body = {})
{
    return httpRequest(verb, server.url().resolved(QUrl(path)),
                       body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), token);
}

inline Core::Op itemUpdate(const QString &itemId, const QJsonObject &fields)
{
    return { Core::OpKind::ItemUpdate, { { QStringLiteral("itemId"), itemId }, { QStringLiteral("fields"), fields } } };
}

inline QString serverDigest(const ServerProcess &server, const QByteArray &token, const QString &boardId)
{
    return httpCall(server, "GET", QStringLiteral("/api/v1/boards/%1/digest").arg(boardId), token)
            .json()
            .value(QStringLiteral("digest"))
            .toString();
}

inline QJsonObject serverItem(const ServerProcess &server, const QByteArray &token, const QString &boardId,
                              const QString &itemId)
{
    const QJsonObject snap =
            httpCall(server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(boardId), token).json();
    for (const QJsonValue &v : snap.value(QStringLiteral("items")).toArray()) {
        if (v.toObject().value(QStringLiteral("id")).toString() == itemId)
            return v.toObject();
    }
    return {};
}

// The first board `token`'s user sees (the demo's board).
inline QString firstBoardId(const ServerProcess &server, const QByteArray &token)
{
    return httpCall(server, "GET", QStringLiteral("/api/v1/boards"), token)
            .json()
            .value(QStringLiteral("boards"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
}

inline QString titleOf(Core::BoardStore *store, const QString &itemId)
{
    const auto item = store->item(itemId);
    return item ? item->fields.value(QStringLiteral("title")).toString() : QString();
}

} // namespace Tessera::Test
