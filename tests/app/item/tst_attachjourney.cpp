// Attaching a file, as a journey through the real app against the real server: Ana opens
// an item with the mouse, clicks "Attach file…", types the file's path into the file dialog
// and presses Enter; the upload's progress bar goes and the file is listed with a
// thumbnail; Ben's window shows it too and he saves a copy (Save as…, typed); Ana removes it
// after confirming and both lose it. A file dropped on the panel goes up the same way; a
// folder or a web link is refused with a message.
// Real input only (mouse clicks and key presses to the widgets), except the drop itself:
// see dropAFileNotAFolderOrALink.
#include "support/appjourney.h"

#include "app/item/attachmentssection.h"

#include <QCryptographicHash>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QStandardPaths>

using namespace Tessera;
using namespace Tessera::Test;

class TstAttachJourney : public JourneySuite
{
    Q_OBJECT

    template<typename T> static T *visibleTopLevel()
    {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (auto *found = qobject_cast<T *>(w); found && found->isVisible())
                return found;
        return nullptr;
    }
    static QPushButton *buttonNamed(QWidget *root, const char *accessibleName)
    {
        for (QPushButton *b : root->findChildren<QPushButton *>())
            if (b->accessibleName() == QLatin1String(accessibleName))
                return b;
        return nullptr;
    }
    static void reveal(QWidget *widget)
    {
        for (QWidget *w = widget->parentWidget(); w; w = w->parentWidget())
            if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
                scroll->ensureWidgetVisible(widget);
                return;
            }
    }
    QJsonArray serverAttachments()
    {
        return httpCall(m_server, "GET", QStringLiteral("/api/v1/boards/%1/snapshot").arg(m_boardId),
                        httpToken(m_server, QStringLiteral("ana")))
            .json()
            .value(QStringLiteral("attachments"))
            .toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.start({ QStringLiteral("--demo") }));
    }

    void attachThroughTheFileDialogThenRemove()
    {
        QTemporaryDir files;
        QImage picture(320, 200, QImage::Format_RGB32);
        picture.fill(QColor(30, 120, 200));
        const QString path = files.filePath(QStringLiteral("whiteboard.png"));
        QVERIFY(picture.save(path));

        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));
        const QString item = itemTitled(ana.store(), QStringLiteral("Write release notes"));
        QVERIFY(!item.isEmpty());
        openFromTable(ana, item);
        App::AttachmentsSection *section = ana.board()->itemPanel()->attachments();
        QCOMPARE(section->list()->count(), 0);

        // Attach file…: Qt's file dialog, the path typed, Enter.
        reveal(section->attachButton());
        QVERIFY(section->attachButton()->isEnabled());
        QTest::mouseClick(section->attachButton(), Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleTopLevel<QFileDialog>()) != nullptr);
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(name);
        // The dialog is the active window with its file name field focused, as on a desktop
        // (the dialog follows what is typed only in a focused field).
        QVERIFY(bringToFront(dialog));
        QTest::mouseClick(name, Qt::LeftButton);
        QTRY_VERIFY(name->hasFocus());
        QTest::keyClicks(name, path);
        QTest::keyClick(name, Qt::Key_Return);
        QTRY_VERIFY2(!visibleTopLevel<QFileDialog>(), qPrintable(dialog->selectedFiles().join(QLatin1Char(','))));

        // The upload runs with a progress bar, then the file is listed, with a thumbnail.
        QTRY_COMPARE_WITH_TIMEOUT(section->list()->count(), 1, 20000);
        QVERIFY(!section->progressBar()->isVisible());
        QVERIFY2(section->list()->item(0)->text().startsWith(QStringLiteral("whiteboard.png")),
                 qPrintable(section->list()->item(0)->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!section->list()->item(0)->icon().isNull(), 20000);
        QCOMPARE(serverAttachments().size(), 1);
        QCOMPARE(serverAttachments().first().toObject().value(QStringLiteral("contentType")).toString(),
                 QStringLiteral("image/png"));

        // Ben's window has it live; opened, his panel lists it.
        QTRY_COMPARE(ben.store()->confirmed().attachmentsOf(item).size(), 1);
        QVERIFY(bringToFront(&ben.window));
        openFromTable(ben, item);
        QTRY_COMPARE(ben.board()->itemPanel()->attachments()->list()->count(), 1);

        // Ben keeps a copy: Save as…, a path typed, Enter; it is the same file, through a signed link.
        App::AttachmentsSection *benSection = ben.board()->itemPanel()->attachments();
        reveal(benSection->list());
        QTest::mouseClick(benSection->list()->viewport(), Qt::LeftButton, {},
                          benSection->list()->visualItemRect(benSection->list()->item(0)).center());
        QTRY_COMPARE(benSection->list()->currentRow(), 0);
        QPushButton *saveAs = buttonNamed(benSection, "Save attachment as");
        QVERIFY(saveAs && saveAs->isEnabled());
        reveal(saveAs);
        QTest::mouseClick(saveAs, Qt::LeftButton);
        QFileDialog *save = nullptr;
        QTRY_VERIFY((save = visibleTopLevel<QFileDialog>()) != nullptr);
        auto *target = save->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(target);
        QVERIFY(bringToFront(save));
        QTest::mouseClick(target, Qt::LeftButton);
        QTRY_VERIFY(target->hasFocus());
        QTest::keyClick(target, Qt::Key_A, Qt::ControlModifier);
        const QString copy = files.filePath(QStringLiteral("copy of whiteboard.png"));
        QTest::keyClicks(target, copy);
        QTest::keyClick(target, Qt::Key_Return);
        QTRY_VERIFY(!visibleTopLevel<QFileDialog>());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(copy), 20000);
        QFile original(path), saved(copy);
        QVERIFY(original.open(QIODevice::ReadOnly) && saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), original.readAll());

        // Ana removes it: a confirmation first.
        QVERIFY(bringToFront(&ana.window));
        reveal(section->list());
        QTest::mouseClick(section->list()->viewport(), Qt::LeftButton, {},
                          section->list()->visualItemRect(section->list()->item(0)).center());
        QTRY_COMPARE(section->list()->currentRow(), 0);
        QPushButton *remove = buttonNamed(section, "Remove attachment");
        QVERIFY(remove && remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = ana.window.findChild<QMessageBox *>()) != nullptr && box->isVisible());
        QPushButton *confirm = nullptr;
        for (QAbstractButton *b : box->buttons())
            if (b->accessibleName() == QLatin1String("Confirm remove"))
                confirm = qobject_cast<QPushButton *>(b);
        QVERIFY(confirm);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QTRY_COMPARE(section->list()->count(), 0);
        QTRY_COMPARE(ben.board()->itemPanel()->attachments()->list()->count(), 0);
        QCOMPARE(serverAttachments().size(), 0);
    }

    // Files dropped on the panel. No real drag can be driven on the offscreen platform: its
    // QOffscreenDrag::drag() returns IgnoreAction at once, with no event loop and no drop. So
    // the drop is handed to attachDropped(), which dropEvent() calls with the dropped data;
    // the item is opened with the mouse and all after the drop (upload, op, sync) is real.
    void dropAFileNotAFolderOrALink()
    {
        QTemporaryDir files;
        const QString folder = files.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(folder));
        const QString path = files.filePath(QStringLiteral("Protokoll, 30. Nov — Überblick.bin"));
        QByteArray bytes;
        for (int i = 0; i < 300000; ++i)
            bytes.append(char((i * 7 + i / 251) % 256));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
        file.close();

        Person ana, ben;
        QVERIFY(signInAnaAndBen(ana, ben));
        const QString item = itemTitled(ana.store(), QStringLiteral("Record the demo video"));
        QVERIFY(!item.isEmpty());
        openFromTable(ana, item);
        App::AttachmentsSection *section = ana.board()->itemPanel()->attachments();
        QCOMPARE(section->list()->count(), 0);
        const auto drop = [section](const QList<QUrl> &urls) {
            QMimeData data;
            data.setUrls(urls);
            return section->attachDropped(data);
        };
        const auto said = [section] { return section->statusLabel()->isVisible() ? section->statusLabel()->text() : QString(); };

        // A folder, a web link, a file that is gone, no link at all: refused, each saying why.
        QVERIFY(!drop({ QUrl::fromLocalFile(folder) }));
        QCOMPARE(said(), QStringLiteral("“photos” is a folder; attach the files in it one by one."));
        QVERIFY(!drop({ QUrl::fromLocalFile(folder + QLatin1Char('/')) }));
        QCOMPARE(said(), QStringLiteral("“photos” is a folder; attach the files in it one by one."));
        QVERIFY(!drop({ QUrl(QStringLiteral("https://example.com/report.pdf?token=secret")) }));
        QCOMPARE(said(), QStringLiteral("“https://example.com/report.pdf” is not a file on this computer; only files can be attached."));
        QVERIFY(!drop({ QUrl::fromLocalFile(files.filePath(QStringLiteral("gone.txt"))) }));
        QCOMPARE(said(), QStringLiteral("“gone.txt” is not there any more."));
        QVERIFY(!drop({}));
        QCOMPARE(said(), QStringLiteral("Nothing to attach: drop a file."));
        QVERIFY(!section->progressBar()->isVisible());

        // A folder and a file together: the file goes up. A second drop during the upload is
        // refused (one upload at a time) rather than lost without a word.
        QVERIFY(drop({ QUrl::fromLocalFile(folder), QUrl::fromLocalFile(path) }));
        QVERIFY(!drop({ QUrl::fromLocalFile(path) }));
        QCOMPARE(said(), QStringLiteral("A file is still uploading; drop the next one when it has finished."));
        QTRY_COMPARE_WITH_TIMEOUT(section->list()->count(), 1, 20000);
        QVERIFY(!section->progressBar()->isVisible());
        QCOMPARE(said(), QString());
        QVERIFY2(section->list()->item(0)->text().startsWith(QFileInfo(path).fileName()),
                 qPrintable(section->list()->item(0)->text()));
        QJsonObject stored;
        for (const QJsonValue &a : serverAttachments())
            if (a.toObject().value(QStringLiteral("itemId")).toString() == item)
                stored = a.toObject();
        QCOMPARE(stored.value(QStringLiteral("size")).toInteger(), bytes.size());
        QCOMPARE(stored.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));

        // Ben's window lists it, and what he downloads through a signed link is the dropped file.
        QTRY_COMPARE(ben.store()->confirmed().attachmentsOf(item).size(), 1);
        QVERIFY(bringToFront(&ben.window));
        openFromTable(ben, item);
        QTRY_COMPARE(ben.board()->itemPanel()->attachments()->list()->count(), 1);
        const QString link = httpCall(m_server, "POST",
                                      QStringLiteral("/api/v1/attachments/%1/link").arg(stored.value(QStringLiteral("id")).toString()),
                                      httpToken(m_server, QStringLiteral("ben")))
                                     .json()
                                     .value(QStringLiteral("url"))
                                     .toString();
        QVERIFY(!link.isEmpty());
        const HttpResult download = httpRequest("GET", m_server.url().resolved(QUrl(link)));
        QCOMPARE(download.status, 200);
        QVERIFY(download.body == bytes); // not QCOMPARE: 300 kB would be printed on failure
    }
};

QTEST_MAIN(TstAttachJourney)
#include "tst_attachjourney.moc"
