#include "searchdialog.h"

#include "core/client/apiclient.h"
#include "core/protocol/httpbodies.h"
#include "core/protocol/routes.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {

constexpr int BoardRole = Qt::UserRole + 1;
constexpr int ItemRole = Qt::UserRole + 2;
constexpr int DebounceMs = 200;

} // namespace

SearchDialog::SearchDialog(Core::ApiClient *api, QWidget *parent)
    : QDialog(parent), m_api(api), m_query(new QLineEdit(this)), m_results(new QListWidget(this)), m_status(new QLabel(this)),
      m_debounce(new QTimer(this))
{
    setWindowTitle(tr("Search all boards"));
    setObjectName(QStringLiteral("searchDialog"));
    resize(560, 460);
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setAccessibleName(tr("Search all boards"));
    m_query->setPlaceholderText(tr("Search titles, descriptions and comments on all your boards"));
    m_query->setClearButtonEnabled(true);
    m_query->installEventFilter(this);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setAccessibleName(tr("Search results"));
    m_results->setWordWrap(true);
    m_results->setUniformItemSizes(false);
    m_results->setSpacing(2);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setText(tr("Type to search. Enter opens the item."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_query);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &SearchDialog::search);
    connect(m_query, &QLineEdit::textChanged, this, [this] { m_debounce->start(); });
    connect(m_query, &QLineEdit::returnPressed, this, &SearchDialog::openCurrent);
    connect(m_results, &QListWidget::itemActivated, this, &SearchDialog::openCurrent);
}

void SearchDialog::search()
{
    m_debounce->stop();
    const QString text = m_query->text().trimmed();
    const quint64 id = ++m_sent;
    if (text.isEmpty()) {
        m_results->clear();
        m_status->setText(tr("Type to search. Enter opens the item."));
        return;
    }
    m_status->setText(tr("Searching…"));
    m_api->request(QByteArrayLiteral("GET"), Core::Routes::searchFor(text.left(200), 50), {}, this,
                   [this, id](const Core::ApiReply &reply) {
                       if (id != m_sent)
                           return; // a newer query is on its way
                       if (!reply.ok()) {
                           m_results->clear();
                           m_status->setText(reply.networkError() ? tr("Search needs a connection to the server.")
                                                                  : tr("Search failed: %1").arg(reply.error));
                           Q_EMIT resultsShown(-1);
                           return;
                       }
                       const auto results = Core::SearchResults::fromJson(reply.json);
                       if (!results) {
                           m_status->setText(tr("The server's answer could not be read."));
                           Q_EMIT resultsShown(-1);
                           return;
                       }
                       showResults(results.value());
                   });
}

void SearchDialog::showResults(const Core::SearchResults &results)
{
    m_results->clear();
    QString board;
    QFont bold = m_results->font();
    bold.setBold(true);
    for (const Core::SearchHit &hit : results.hits) {
        if (hit.boardId != board) {
            board = hit.boardId;
            auto *header = new QListWidgetItem(hit.boardName, m_results);
            header->setFlags(Qt::ItemIsEnabled); // a group title, not a result
            header->setFont(bold);
            header->setData(Qt::AccessibleTextRole, tr("Board %1").arg(hit.boardName));
        }
        const QString title = hit.title.isEmpty() ? tr("(untitled)") : hit.title;
        QString text = title;
        if (!hit.excerpt.isEmpty() && hit.excerpt != hit.title)
            text += QLatin1Char('\n') + (hit.commentId.isEmpty() ? QString() : tr("Comment: ")) + hit.excerpt;
        auto *item = new QListWidgetItem(text, m_results);
        item->setData(BoardRole, hit.boardId);
        item->setData(ItemRole, hit.itemId);
        item->setData(Qt::AccessibleTextRole, tr("%1 on %2").arg(title, hit.boardName));
        item->setToolTip(text);
    }
    const int count = int(results.hits.size());
    m_status->setText(count == 0 ? tr("Nothing found for “%1”.").arg(results.query)
                                 : tr("%n item(s) found. Up and Down choose, Enter opens.", nullptr, count));
    moveSelection(0);
    Q_EMIT resultsShown(count);
}

void SearchDialog::moveSelection(int step)
{
    // The current result moves over results only, skipping the board titles.
    int row = m_results->currentRow();
    const int rows = m_results->count();
    if (step == 0)
        row = -1, step = 1;
    for (int next = row + step; next >= 0 && next < rows; next += step) {
        if (m_results->item(next)->flags() & Qt::ItemIsSelectable) {
            m_results->setCurrentRow(next);
            return;
        }
    }
}

void SearchDialog::openCurrent()
{
    if (m_debounce->isActive()) {
        search(); // Enter right after typing: open the first result of this query
        connect(this, &SearchDialog::resultsShown, this, &SearchDialog::openCurrent, Qt::SingleShotConnection);
        return;
    }
    const QListWidgetItem *item = m_results->currentItem();
    if (!item || item->data(ItemRole).toString().isEmpty())
        return;
    Q_EMIT openRequested(item->data(BoardRole).toString(), item->data(ItemRole).toString());
    accept();
}

bool SearchDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            moveSelection(key == Qt::Key_Down ? 1 : -1);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace Tessera::App
