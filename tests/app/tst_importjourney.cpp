// Importing a CSV file as a journey through the real app against the real server: Board >
// Import CSV…, the file's path typed into the dialog, one column mapped with the mouse,
// Import, the progress to its end, the report of the rejected row; a second person's
// window receives the imported items live. Real input only.
#define QTEST_QPA_MOUSE_HANDLING

#include "support/appjourney.h"
#include "support/uidriver.h"

#include "app/board/importdialog.h"
#include "app/shell/boardactions.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>

using namespace Tessera;
using namespace Tessera::Test;

class TestImportJourney : public JourneySuite
{
    Q_OBJECT

    // Board > Import CSV… with the mouse, then the file's path typed into the dialog and
    // Enter, as a person does; null (with a failure) when a step does not happen.
    static App::ImportDialog *openImport(Person &person, const QString &path)
    {
        const auto choice = chooseFromNextMenu(QStringLiteral("Import CSV…"));
        QMenuBar *bar = person.window.menuBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(person.actions()->menu()->menuAction()).center());
        App::ImportDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] { return choice->clicked && (dialog = person.actions()->importDialog()) && dialog->isVisible(); }, 5000)) {
            QTest::qFail("the Import CSV dialog did not open", __FILE__, __LINE__);
            return nullptr;
        }
        auto *pathField = dialog->findChild<QLineEdit *>(QStringLiteral("importPath"));
        QTest::mouseClick(pathField, Qt::LeftButton);
        if (!QTest::qWaitFor([pathField] { return pathField->hasFocus(); }, 5000)) {
            QTest::qFail("the path field did not take the keyboard", __FILE__, __LINE__);
            return nullptr;
        }
        typeText(path);
        QTest::keyClick(pathField, Qt::Key_Return);
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void importFromTheBoardMenu()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        const QString board = m_boardId;
        Person ben;
        QVERIFY(signIn(ben, QStringLiteral("ben")));
        QTRY_VERIFY(ben.hasOpen(board));
        QVERIFY(bringToFront(&ana.window));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tasks.csv"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("Name,Status,Due\r\n"
                       "Order the chairs,Done,3.4.2026\r\n"
                       "Book the hall,Blocked,2026-04-05\r\n" // no such status: rejected
                       "Send invitations,To do,\r\n");
        }

        App::ImportDialog *dialog = openImport(ana, path);
        QVERIFY(dialog);
        auto *preview = dialog->findChild<QTableWidget *>(QStringLiteral("importPreview"));
        QTRY_COMPARE(preview->rowCount(), 3);
        QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("Order the chairs"));

        // "Name" matches no column (skipped); "Status" and "Due" were matched by name.
        auto *nameColumn = dialog->findChild<QComboBox *>(QStringLiteral("mapping_0"));
        auto *statusColumn = dialog->findChild<QComboBox *>(QStringLiteral("mapping_1"));
        QCOMPARE(nameColumn->currentData().toString(), QString());
        QCOMPARE(statusColumn->currentText(), QStringLiteral("Status"));
        const QString titleId = nameColumn->itemData(nameColumn->findText(QStringLiteral("Title"))).toString();
        QVERIFY(!titleId.isEmpty());
        QTRY_VERIFY(nameColumn->isVisible());
        QTest::mouseClick(nameColumn, Qt::LeftButton);
        QVERIFY(clickListEntry(nameColumn, titleId));
        QTRY_COMPARE(nameColumn->currentData().toString(), titleId);

        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importStart")), Qt::LeftButton);
        auto *progress = dialog->findChild<QProgressBar *>(QStringLiteral("importProgress"));
        auto *report = dialog->findChild<QPlainTextEdit *>(QStringLiteral("importReport"));
        QTRY_VERIFY_WITH_TIMEOUT(!report->toPlainText().isEmpty(), 20000);
        QCOMPARE(progress->value(), progress->maximum());
        QCOMPARE(progress->maximum(), 3);
        QCOMPARE(report->toPlainText(), QStringLiteral("Row 2: Status: 'Blocked' is not one of its statuses"));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("importMessage"))->text().contains(QStringLiteral("2 row(s) imported, 1 rejected")));

        // Both windows have the two items, with their values read per type.
        for (Person *p : { &ana, &ben }) {
            QTRY_VERIFY_WITH_TIMEOUT(!itemTitled(p->store(), QStringLiteral("Order the chairs")).isEmpty(), 10000);
            QTRY_VERIFY(!itemTitled(p->store(), QStringLiteral("Send invitations")).isEmpty());
            QVERIFY(itemTitled(p->store(), QStringLiteral("Book the hall")).isEmpty());
        }
        const Core::Item *chairs = ben.store()->itemPtr(itemTitled(ben.store(), QStringLiteral("Order the chairs")));
        const auto valueOf = [&](const QString &columnName) {
            for (const Core::Column &c : ben.store()->columns())
                if (c.name == columnName)
                    return chairs->fields.value(c.id).toString();
            return QString();
        };
        QCOMPARE(valueOf(QStringLiteral("Due")), QStringLiteral("2026-04-03"));
        QVERIFY(!valueOf(QStringLiteral("Status")).isEmpty());

        // The rejected row, corrected in place (double-click its Status cell, type a real
        // status) and sent again: only it goes in, and both windows get it.
        auto *rejected = dialog->findChild<QTableWidget *>(QStringLiteral("rejectedRows"));
        QTRY_VERIFY_WITH_TIMEOUT(rejected && rejected->isVisible() && rejected->rowCount() == 1, 10000);
        QCOMPARE(rejected->item(0, 0)->text(), QStringLiteral("Book the hall"));
        QCOMPARE(rejected->item(0, 1)->text(), QStringLiteral("Blocked"));
        const QRect statusCell = rejected->visualItemRect(rejected->item(0, 1));
        QTest::mouseClick(rejected->viewport(), Qt::LeftButton, {}, statusCell.center());
        doubleClick(rejected->viewport(), statusCell.center());
        QTRY_VERIFY(keyboardTarget() && rejected->isAncestorOf(keyboardTarget()));
        pressKey(Qt::Key_A, Qt::ControlModifier);
        typeText(QStringLiteral("To do"));
        pressKey(Qt::Key_Return);
        QTRY_COMPARE(rejected->item(0, 1)->text(), QStringLiteral("To do"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("retryRows")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->findChild<QLabel *>(QStringLiteral("retryStatus"))->text().contains(QStringLiteral("1 row(s) imported")), 10000);
        QTRY_COMPARE(rejected->rowCount(), 0);
        for (Person *p : { &ana, &ben })
            QTRY_VERIFY_WITH_TIMEOUT(!itemTitled(p->store(), QStringLiteral("Book the hall")).isEmpty(), 10000);
        // Nothing else ran again: still one "Order the chairs".
        int chairsCount = 0;
        for (const QString &id : ben.store()->itemIds())
            chairsCount += ben.store()->itemPtr(id)->fields.value(ben.store()->columns().constFirst().id).toString() == QLatin1String("Order the chairs");
        QCOMPARE(chairsCount, 1);
    }

    // A file that is not UTF-8 is refused in the dialog: Import stays disabled.
    void wrongEncodingIsRefused()
    {
        Person ana;
        QVERIFY(signIn(ana, QStringLiteral("ana")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("latin1.csv"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("Title\r\nK\xF6ln\r\n");
        }
        App::ImportDialog *dialog = openImport(ana, path);
        QVERIFY(dialog);
        auto *message = dialog->findChild<QLabel *>(QStringLiteral("importMessage"));
        QTRY_VERIFY(message->text().contains(QStringLiteral("not UTF-8 (an invalid byte 0xf6 on line 2)")));
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("importStart"))->isEnabled());
    }
};

QTEST_MAIN(TestImportJourney)
#include "tst_importjourney.moc"
