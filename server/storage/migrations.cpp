#include "migrations.h"

namespace Tessera::Server {

const QList<QStringList> &schemaMigrations(SqlBackend backend)
{
    if (backend == SqlBackend::Postgres)
        return postgresMigrations();
    static const QList<QStringList> migrations {
        // 0 -> 1: accounts, boards, the per-board log, idempotency, inbox, audit, settings.
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE users ("
                           " id TEXT PRIMARY KEY,"
                           " login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                           " display_name TEXT NOT NULL,"
                           " password_hash TEXT NOT NULL,"
                           " admin INTEGER NOT NULL DEFAULT 0,"
                           " disabled INTEGER NOT NULL DEFAULT 0,"
                           " created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE sessions ("
                           " token_hash TEXT PRIMARY KEY,"
                           " user_id TEXT NOT NULL REFERENCES users(id),"
                           " created_at TEXT NOT NULL,"
                           " last_used_at TEXT NOT NULL,"
                           " expires_at TEXT NOT NULL,"
                           " revoked INTEGER NOT NULL DEFAULT 0,"
                           " address TEXT)"),
            QStringLiteral("CREATE INDEX sessions_user ON sessions(user_id)"),
            QStringLiteral("CREATE TABLE boards ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " head_seq INTEGER NOT NULL DEFAULT 0,"
                           " floor_seq INTEGER NOT NULL DEFAULT 0," // events <= floor_seq were compacted away
                           " created_by TEXT NOT NULL,"
                           " created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE board_columns ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " id TEXT NOT NULL,"
                           " position INTEGER NOT NULL,"
                           " name TEXT NOT NULL,"
                           " type TEXT NOT NULL,"
                           " options TEXT NOT NULL DEFAULT '[]',"
                           " PRIMARY KEY (board_id, id))"),
            QStringLiteral("CREATE TABLE members ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " user_id TEXT NOT NULL REFERENCES users(id),"
                           " role TEXT NOT NULL,"
                           " PRIMARY KEY (board_id, user_id))"),
            QStringLiteral("CREATE INDEX members_user ON members(user_id)"),
            QStringLiteral("CREATE TABLE items ("
                           " id TEXT PRIMARY KEY,"
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " fields TEXT NOT NULL,"
                           " versions TEXT NOT NULL,"
                           " rank TEXT NOT NULL,"
                           " created_by TEXT NOT NULL,"
                           " created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX items_board ON items(board_id)"),
            QStringLiteral("CREATE TABLE comments ("
                           " id TEXT PRIMARY KEY,"
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " item_id TEXT NOT NULL,"
                           " author TEXT NOT NULL,"
                           " body TEXT NOT NULL,"
                           " mentions TEXT NOT NULL DEFAULT '[]',"
                           " created_at TEXT NOT NULL,"
                           " edited_at TEXT)"),
            QStringLiteral("CREATE INDEX comments_item ON comments(item_id)"),
            QStringLiteral("CREATE TABLE events ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " seq INTEGER NOT NULL,"
                           " at TEXT NOT NULL,"
                           " body TEXT NOT NULL," // the event's JSON as sent on the wire
                           " PRIMARY KEY (board_id, seq)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE mutations ("
                           " user_id TEXT NOT NULL,"
                           " mutation_id TEXT NOT NULL,"
                           " board_id TEXT NOT NULL,"
                           " result TEXT NOT NULL," // the original ack or reject, as JSON
                           " at TEXT NOT NULL,"
                           " PRIMARY KEY (user_id, mutation_id)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE notifications ("
                           " user_id TEXT NOT NULL REFERENCES users(id),"
                           " seq INTEGER NOT NULL,"
                           " id TEXT NOT NULL UNIQUE,"
                           " body TEXT NOT NULL,"
                           " read INTEGER NOT NULL DEFAULT 0,"
                           " at TEXT NOT NULL,"
                           " PRIMARY KEY (user_id, seq))"),
            QStringLiteral("CREATE TABLE inbox_heads (user_id TEXT PRIMARY KEY, head_seq INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE audit ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " at TEXT NOT NULL,"
                           " actor TEXT,"
                           " action TEXT NOT NULL,"
                           " target TEXT,"
                           " address TEXT,"
                           " detail TEXT)"),
            QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        },
        // 1 -> 2: archived and deleted boards, saved views, the search index, sent reminders.
        {
            QStringLiteral("ALTER TABLE boards ADD COLUMN archived INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE boards ADD COLUMN deleted_at TEXT"), // set: deleted, purged after the grace period
            QStringLiteral("CREATE TABLE views ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " config TEXT NOT NULL,"
                           " created_by TEXT NOT NULL,"
                           " PRIMARY KEY (board_id, id))"),
            // One row per item (its text fields and description) and per comment. Filled for
            // existing boards by BoardRepository::rebuildSearchIndex() (meta search_index).
            QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5("
                           " body, board_id UNINDEXED, item_id UNINDEXED, comment_id UNINDEXED,"
                           " tokenize = 'unicode61 remove_diacritics 2')"),
            // A due-date reminder sent: once per item, date column, date and stage (today, overdue).
            QStringLiteral("CREATE TABLE reminders_sent ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " item_id TEXT NOT NULL,"
                           " column_id TEXT NOT NULL,"
                           " date TEXT NOT NULL,"
                           " stage TEXT NOT NULL,"
                           " at TEXT NOT NULL,"
                           " PRIMARY KEY (item_id, column_id, date, stage)) WITHOUT ROWID"),
        },
        // 2 -> 3: attachments (rows of the board state) and uploads in progress (server/files).
        {
            QStringLiteral("CREATE TABLE attachments ("
                           " id TEXT PRIMARY KEY,"
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " item_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " size INTEGER NOT NULL,"
                           " content_type TEXT NOT NULL,"
                           " sha256 TEXT NOT NULL," // the file: DIR/files/ab/cdef...
                           " uploaded_by TEXT NOT NULL,"
                           " uploaded_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX attachments_board ON attachments(board_id)"),
            QStringLiteral("CREATE INDEX attachments_sha256 ON attachments(sha256)"),
            QStringLiteral("CREATE TABLE uploads ("
                           " id TEXT PRIMARY KEY,"
                           " user_id TEXT NOT NULL,"
                           " board_id TEXT NOT NULL,"
                           " item_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " size INTEGER NOT NULL,"
                           " sha256 TEXT NOT NULL," // as announced; checked when the last byte arrives
                           " content_type TEXT NOT NULL,"
                           " received INTEGER NOT NULL DEFAULT 0,"
                           " complete INTEGER NOT NULL DEFAULT 0,"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL)"),
        },
        // 3 -> 4: background jobs (server/jobs: CSV imports) and their dead letters (rows that
        // failed, with the row's raw CSV and why; fixed rows are retried one by one).
        {
            QStringLiteral("CREATE TABLE jobs ("
                           " id TEXT PRIMARY KEY,"
                           " kind TEXT NOT NULL,"
                           " owner TEXT NOT NULL,"
                           " board_id TEXT NOT NULL,"
                           " state TEXT NOT NULL," // queued, running, done, failed, cancelled
                           " done INTEGER NOT NULL DEFAULT 0,"
                           " total INTEGER NOT NULL DEFAULT 0,"
                           " failed INTEGER NOT NULL DEFAULT 0,"
                           " checkpoint INTEGER NOT NULL DEFAULT 0," // data rows before it are committed
                           " params TEXT NOT NULL DEFAULT '{}',"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL,"
                           " error TEXT)"),
            QStringLiteral("CREATE INDEX jobs_state ON jobs(state)"),
            QStringLiteral("CREATE TABLE job_failures ("
                           " job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,"
                           " row INTEGER NOT NULL,"
                           " data TEXT NOT NULL,"
                           " reason TEXT NOT NULL,"
                           " state TEXT NOT NULL," // failed, fixed
                           " PRIMARY KEY (job_id, row)) WITHOUT ROWID"),
        },
    };
    return migrations;
}

} // namespace Tessera::Server
