// Schema migrations and database settings, on a temporary SQLite file.
#include "server/storage/database.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera::Server;

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void freshDatabaseIsMigratedAndDurable()
    {
        QTemporaryDir dir;
        Database db;
        QVERIFY2(db.open(dir.path()), qPrintable(db.errorString()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(!db.epoch().isEmpty());
    }

    void reopenKeepsDataAndEpoch()
    {
        QTemporaryDir dir;
        QString epoch;
        {
            Database db;
            QVERIFY(db.open(dir.path()));
            epoch = db.epoch();
            QVERIFY(db.setMeta(QStringLiteral("k"), QStringLiteral("v")));
        }
        Database db;
        QVERIFY(db.open(dir.path()));
        QCOMPARE(db.epoch(), epoch);
        QCOMPARE(db.meta(QStringLiteral("k")), QStringLiteral("v"));
        const QString fresh = db.newEpoch();
        QVERIFY(!fresh.isEmpty() && fresh != epoch);
        QCOMPARE(db.epoch(), fresh);
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        {
            Database db;
            QVERIFY(db.open(dir.path()));
            QSqlQuery q(db.db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
        }
        Database db;
        QVERIFY(!db.open(dir.path()));
        QVERIFY(db.errorString().contains(QStringLiteral("newer")));
    }

    // Found following docs/admin.md: a newer database had its journal mode switched to WAL
    // before it was refused. Now not a byte of it changes.
    void newerSchemaIsRefusedWithoutWriting()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tessera.db"));
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            raw.setDatabaseName(path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (x)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
            q.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        before.close();
        {
            Database db;
            QVERIFY(!db.open(dir.path()));
            QVERIFY(db.errorString().contains(QStringLiteral("newer")));
        }
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void corruptFileIsAClearError()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("tessera.db")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        Database db;
        QVERIFY(!db.open(dir.path()));
        QVERIFY(!db.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
