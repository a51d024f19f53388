#include "viewexporter.h"

#include "boardwidget.h"

#include "core/models/boardstore.h"
#include "core/models/viewexport.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace Tessera::App {

namespace {

// A file name from the board's name, without characters file systems refuse.
QString suggestedPath(const QString &boardName, const QString &suffix)
{
    QString name = boardName.trimmed();
    name.replace(QRegularExpression(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f]")), QStringLiteral("-"));
    if (name.isEmpty())
        name = QStringLiteral("board");
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(folder.isEmpty() ? QDir::homePath() : folder).filePath(name + suffix);
}

} // namespace

ViewExporter::ViewExporter(QWidget *parent) : QObject(parent), m_parent(parent) { }

bool ViewExporter::write(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    QMessageBox::warning(m_parent, tr("Export failed"),
                         tr("%1 could not be written: %2. Nothing was changed.").arg(QDir::toNativeSeparators(path), file.errorString()));
    return false;
}

void ViewExporter::exportCsv(BoardWidget *board)
{
    if (!board)
        return;
    const QString plain = tr("CSV (*.csv)");
    const QString withBom = tr("CSV for spreadsheet programs, UTF-8 with BOM (*.csv)");
    QString filter = withBom;
    QString path = QFileDialog::getSaveFileName(m_parent, tr("Export view as CSV"),
                                                suggestedPath(board->store()->confirmed().board.name, QStringLiteral(".csv")),
                                                withBom + QStringLiteral(";;") + plain, &filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        path += QStringLiteral(".csv");
    const QStringList items = board->shownItemIds();
    const QByteArray bytes = Core::ViewExport::csv(*board->store(), items, board->shownColumnIds(), { filter == withBom });
    if (write(path, bytes))
        Q_EMIT messageShown(tr("Exported %n item(s) to %1", nullptr, int(items.size())).arg(QDir::toNativeSeparators(path)));
}

void ViewExporter::exportCalendar(BoardWidget *board)
{
    if (!board)
        return;
    const QString column = board->shownDateColumn();
    if (column.isEmpty()) {
        QMessageBox::information(m_parent, tr("Export calendar"), tr("This board has no date column to export."));
        return;
    }
    QString path = QFileDialog::getSaveFileName(m_parent, tr("Export dates as iCalendar"),
                                                suggestedPath(board->store()->confirmed().board.name, QStringLiteral(".ics")),
                                                tr("iCalendar (*.ics)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".ics"), Qt::CaseInsensitive))
        path += QStringLiteral(".ics");
    const QByteArray bytes = Core::ViewExport::icalendar(*board->store(), board->shownItemIds(), column);
    if (write(path, bytes))
        Q_EMIT messageShown(tr("Exported %n dated item(s) to %1", nullptr, int(bytes.count("BEGIN:VEVENT")))
                                    .arg(QDir::toNativeSeparators(path)));
}

} // namespace Tessera::App
