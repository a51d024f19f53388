#pragma once

#include <QJsonArray>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Tessera::Core {
class ApiClient;
}

namespace Tessera::App {

// The rows an import job rejected, to correct in place and send again: one table row per
// rejected CSV row (its cells editable, the reason beside them) and "Retry corrected rows",
// which sends them to the job's retry route — only those rows run again, never the rest.
// Rows that now go in leave the table; the others keep it with their new reason.
class RejectedRows final : public QWidget
{
    Q_OBJECT

public:
    explicit RejectedRows(Core::ApiClient *api, QWidget *parent = nullptr);

    void load(const QString &jobId); // fetches the job's rejected rows
    int rowCount() const;

Q_SIGNALS:
    void retried(int fixed, int stillRejected);

private:
    void fill(const QStringList &header, const QJsonArray &failures);
    void retry();

    Core::ApiClient *m_api;
    QString m_jobId;
    int m_columns = 0;
    QTableWidget *m_table;
    QPushButton *m_retry;
    QLabel *m_status;
};

} // namespace Tessera::App
