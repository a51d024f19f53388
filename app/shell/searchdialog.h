#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QTimer;

namespace Tessera::Core {
class ApiClient;
struct SearchResults;
}

namespace Tessera::App {

// Ctrl+K: search every board I am a member of (the server's full-text index over item
// titles, text fields, descriptions and comments). Results come grouped by board as I
// type; Up/Down choose, Enter (or a double-click) opens the item on its board.
class SearchDialog final : public QDialog
{
    Q_OBJECT

public:
    SearchDialog(Core::ApiClient *api, QWidget *parent = nullptr);

    QLineEdit *queryEdit() const { return m_query; }
    QListWidget *results() const { return m_results; }
    QLabel *statusLabel() const { return m_status; }
    void search(); // now, without waiting for typing to pause

Q_SIGNALS:
    void openRequested(const QString &boardId, const QString &itemId);
    void resultsShown(int count); // after each answer (for tests: -1 on an error)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showResults(const Core::SearchResults &results);
    void openCurrent();
    void moveSelection(int step);

    Core::ApiClient *m_api;
    QLineEdit *m_query;
    QListWidget *m_results;
    QLabel *m_status;
    QTimer *m_debounce;
    quint64 m_sent = 0; // answers to older queries are dropped
};

} // namespace Tessera::App
