#include "app/settings/adminpage.h"
#include "app/settings/settingsdialog.h"

#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTest>

using Tessera::App::AdminPage;
using Tessera::App::SettingsDialog;

class TstSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void adminPageHiddenForNonAdmins()
    {
        SettingsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.isAdminPageAvailable());
        auto *pages = dialog.findChild<QListWidget *>();
        QVERIFY(pages);
        QVERIFY(pages->item(SettingsDialog::Admin)->isHidden());
        dialog.showPage(SettingsDialog::Admin);
        QVERIFY(!dialog.adminPage()->isVisible());

        dialog.setServerAdmin(true);
        QVERIFY(dialog.isAdminPageAvailable());
        dialog.showPage(SettingsDialog::Admin);
        QVERIFY(dialog.adminPage()->isVisible());

        dialog.setServerAdmin(false); // e.g. admin rights revoked while open
        QVERIFY(!dialog.adminPage()->isVisible());
    }

    void adminActionsEmitIntent()
    {
        SettingsDialog dialog;
        dialog.setServerAdmin(true);
        AdminPage *admin = dialog.adminPage();
        admin->setUsers({ { QStringLiteral("u1"), QStringLiteral("ana"), QStringLiteral("Ana"), true, false },
                          { QStringLiteral("u2"), QStringLiteral("ben"), QStringLiteral("Ben"), false, false } });
        QCOMPARE(admin->usersTable()->rowCount(), 2);
        QSignalSpy disabled(admin, &AdminPage::userDisabledRequested);
        QSignalSpy granted(admin, &AdminPage::userAdminRequested);
        admin->usersTable()->setCurrentCell(1, 0);
        for (QPushButton *button : admin->findChildren<QPushButton *>()) {
            if (button->text() == QLatin1String("Disable / enable") || button->text() == QLatin1String("Grant / revoke admin"))
                button->click();
        }
        QCOMPARE(disabled.count(), 1);
        QCOMPARE(disabled.last().at(0).toString(), QStringLiteral("u2"));
        QCOMPARE(disabled.last().at(1).toBool(), true);
        QCOMPARE(granted.last().at(1).toBool(), true);
    }

    void notificationKindsRoundTrip()
    {
        SettingsDialog dialog;
        QSignalSpy changed(&dialog, &SettingsDialog::alertKindsChanged);
        dialog.setAlertKinds({ QStringLiteral("comment") });
        QCOMPARE(dialog.alertKinds(), QStringList { QStringLiteral("comment") });
        QCOMPARE(changed.count(), 0); // setting values is not a user change
    }
};

QTEST_MAIN(TstSettingsDialog)
#include "tst_settingsdialog.moc"
