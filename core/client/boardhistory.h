#pragma once

#include <QObject>
#include <QPointer>

namespace Tessera::Core {

class ApiClient;
class BoardStore;

// Reads the recent part of one board's log — at most `depth` events up to the seq the
// store had when load() started — in pages from the changes route, and gives each page to
// BoardStore::learnFieldTimes(): after a snapshot (an app restart, a reload) the store
// knows when the current values were set again, e.g. when an item was completed, for the
// Dashboard. Nothing is applied; a failure (network, a log trimmed by retention: 410)
// ends the reading with what was learned so far.
class BoardHistory final : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 DefaultDepth = 20000; // events: weeks of a busy board, 20 pages
    static constexpr int PageSize = 1000;

    BoardHistory(ApiClient *api, BoardStore *store, const QString &boardId, QObject *parent = nullptr);

    void load(qint64 depth = DefaultDepth);
    bool isLoading() const { return m_loading; }

Q_SIGNALS:
    // `complete`: every event asked for was read.
    void finished(bool complete);

private:
    void fetch(qint64 sinceSeq);
    void end(bool complete);

    ApiClient *m_api;
    QPointer<BoardStore> m_store;
    QString m_boardId;
    qint64 m_untilSeq = 0;
    bool m_loading = false;
};

} // namespace Tessera::Core
