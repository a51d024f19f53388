#pragma once

#include <QObject>

class QWidget;

namespace Tessera::App {

class BoardWidget;

// Board > Export: the view as a CSV file (plain UTF-8, or with a BOM for spreadsheet
// programs) and the calendar's date column as an iCalendar file. Asks where to save, writes
// atomically (QSaveFile: a full disk leaves no half file) and says what happened.
class ViewExporter final : public QObject
{
    Q_OBJECT

public:
    explicit ViewExporter(QWidget *parent);

    void exportCsv(BoardWidget *board);
    void exportCalendar(BoardWidget *board);

Q_SIGNALS:
    void messageShown(const QString &text); // for the status bar

private:
    bool write(const QString &path, const QByteArray &bytes);
    QWidget *m_parent;
};

} // namespace Tessera::App
