#pragma once

#include "core/rules/importvalues.h"

#include <QDialog>
#include <QPointer>
#include <QTimer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Tessera::Core {
class ApiClient;
class BoardStore;
class SyncClient;
} // namespace Tessera::Core

namespace Tessera::App {

class RejectedRows;

// Board > Import CSV…: a file (typed into the path field or picked), a preview of its first
// rows, one combo per CSV column choosing the board column it fills ("Skip", "Create new
// column"), the date order when the file's dates could be read both ways, then Import: the
// server's import job with a progress bar and Cancel, and at the end the rejected rows with
// their reasons, which can be corrected in place and sent again. The reading rules are the server's (core/rules/importvalues.h); the server
// checks everything again.
class ImportDialog final : public QDialog
{
    Q_OBJECT
public:
    static constexpr int PreviewRows = 5;

    ImportDialog(Core::ApiClient *api, Core::BoardStore *store, const QString &boardId, QWidget *parent = nullptr);

    void load(const QString &path); // what Enter in the path field does
    // Progress then comes live over the engine's socket (the job:<id> stream); the dialog
    // still asks GET /api/v1/jobs/<id> every 2 s in case the socket is down. Without it, it
    // asks every 200 ms.
    void followJobsWith(Core::SyncClient *sync);
    QString jobId() const { return m_jobId; }

Q_SIGNALS:
    void importFinished(int imported, int rejected);

private:
    void showProblem(const QString &message);
    void fillMapping(const QStringList &header, const QList<QStringList> &rows);
    void start();
    void createColumns(QStringList ids, int index);
    void upload(const QStringList &ids);
    void poll();
    void showProgress(const QJsonObject &job);
    void showReport(const QJsonObject &job);

    Core::ApiClient *m_api;
    Core::BoardStore *m_store;
    QString m_boardId;
    QByteArray m_bytes;
    QStringList m_header;
    QList<QStringList> m_sample;
    QString m_jobId;
    QTimer m_poll;
    QPointer<Core::SyncClient> m_sync; // live progress, when the app has a session

    QLineEdit *m_path;
    QPushButton *m_browse;
    QLabel *m_message;
    QTableWidget *m_preview;
    QWidget *m_mapping;
    QList<QComboBox *> m_columnBoxes;
    QComboBox *m_dateOrder;
    QPushButton *m_import;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPlainTextEdit *m_report;
    RejectedRows *m_rejected; // correct and retry what was rejected
};

} // namespace Tessera::App
