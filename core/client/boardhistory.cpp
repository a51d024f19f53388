#include "boardhistory.h"

#include "apiclient.h"
#include "core/models/boardstore.h"
#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"
#include "core/protocol/messages.h"

namespace Tessera::Core {

BoardHistory::BoardHistory(ApiClient *api, BoardStore *store, const QString &boardId, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_boardId(boardId)
{
}

void BoardHistory::load(qint64 depth)
{
    if (m_loading || !m_store)
        return;
    m_loading = true;
    m_untilSeq = m_store->confirmed().seq;
    fetch(std::max<qint64>(0, m_untilSeq - depth));
}

void BoardHistory::fetch(qint64 sinceSeq)
{
    if (!m_store || sinceSeq >= m_untilSeq) {
        end(true);
        return;
    }
    const int limit = int(std::min<qint64>(PageSize, m_untilSeq - sinceSeq));
    m_api->request(QByteArrayLiteral("GET"), Routes::changes(StreamName::board(m_boardId), sinceSeq, limit), {}, this,
                   [this](const ApiReply &r) {
                       if (!r.ok() || !m_store) {
                           end(false); // a log trimmed by retention (410), the network
                           return;
                       }
                       const auto page = ChangesPage::fromJson(r.json);
                       if (!page || page->toSeq < page->fromSeq) {
                           end(false); // unreadable, or nothing more where more was expected
                           return;
                       }
                       m_store->learnFieldTimes(page->events);
                       fetch(page->toSeq);
                   });
}

void BoardHistory::end(bool complete)
{
    m_loading = false;
    Q_EMIT finished(complete);
}

} // namespace Tessera::Core
