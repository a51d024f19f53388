#include "migrations.h"

namespace Tessera::Server {

// The PostgreSQL text of each migration in migrations.cpp, step for step. What differs:
// every INTEGER is a BIGINT (seqs, sizes and times in ms outgrow 32 bits), logins are
// stored lower-case (UserStore normalizes them) so a plain UNIQUE replaces COLLATE NOCASE,
// the audit id is an identity column, the search index is a table with a generated
// tsvector and a GIN index instead of an FTS5 virtual table (SearchIndex picks its query),
// and one table only nodes need: login_attempts.
const QList<QStringList> &postgresMigrations()
{
    static const QList<QStringList> migrations {
        // 0 -> 1
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE users ("
                           " id TEXT PRIMARY KEY,"
                           " login TEXT NOT NULL UNIQUE,"
                           " display_name TEXT NOT NULL,"
                           " password_hash TEXT NOT NULL,"
                           " admin BIGINT NOT NULL DEFAULT 0,"
                           " disabled BIGINT NOT NULL DEFAULT 0,"
                           " created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE sessions ("
                           " token_hash TEXT PRIMARY KEY,"
                           " user_id TEXT NOT NULL REFERENCES users(id),"
                           " created_at TEXT NOT NULL,"
                           " last_used_at TEXT NOT NULL,"
                           " expires_at TEXT NOT NULL,"
                           " revoked BIGINT NOT NULL DEFAULT 0,"
                           " address TEXT)"),
            QStringLiteral("CREATE INDEX sessions_user ON sessions(user_id)"),
            QStringLiteral("CREATE TABLE boards ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " head_seq BIGINT NOT NULL DEFAULT 0,"
                           " floor_seq BIGINT NOT NULL DEFAULT 0,"
                           " created_by TEXT NOT NULL,"
                           " created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE board_columns ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " id TEXT NOT NULL,"
                           " position BIGINT NOT NULL,"
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
                           " seq BIGINT NOT NULL,"
                           " at TEXT NOT NULL,"
                           " body TEXT NOT NULL,"
                           " PRIMARY KEY (board_id, seq))"),
            QStringLiteral("CREATE TABLE mutations ("
                           " user_id TEXT NOT NULL,"
                           " mutation_id TEXT NOT NULL,"
                           " board_id TEXT NOT NULL,"
                           " result TEXT NOT NULL,"
                           " at TEXT NOT NULL,"
                           " PRIMARY KEY (user_id, mutation_id))"),
            QStringLiteral("CREATE TABLE notifications ("
                           " user_id TEXT NOT NULL REFERENCES users(id),"
                           " seq BIGINT NOT NULL,"
                           " id TEXT NOT NULL UNIQUE,"
                           " body TEXT NOT NULL,"
                           " read BIGINT NOT NULL DEFAULT 0,"
                           " at TEXT NOT NULL,"
                           " PRIMARY KEY (user_id, seq))"),
            QStringLiteral("CREATE TABLE inbox_heads (user_id TEXT PRIMARY KEY, head_seq BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE audit ("
                           " id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                           " at TEXT NOT NULL,"
                           " actor TEXT,"
                           " action TEXT NOT NULL,"
                           " target TEXT,"
                           " address TEXT,"
                           " detail TEXT)"),
            QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        },
        // 1 -> 2
        {
            QStringLiteral("ALTER TABLE boards ADD COLUMN archived BIGINT NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE boards ADD COLUMN deleted_at TEXT"),
            QStringLiteral("CREATE TABLE views ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " config TEXT NOT NULL,"
                           " created_by TEXT NOT NULL,"
                           " PRIMARY KEY (board_id, id))"),
            // 'simple': lower-cased words, no stemming and no stop words, like FTS5's unicode61
            // (which also folds diacritics; PostgreSQL's unaccent needs a superuser to install).
            QStringLiteral("CREATE TABLE search_index ("
                           " rowid BIGINT PRIMARY KEY,"
                           " body TEXT NOT NULL,"
                           " board_id TEXT NOT NULL,"
                           " item_id TEXT NOT NULL,"
                           " comment_id TEXT NOT NULL,"
                           " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"),
            QStringLiteral("CREATE INDEX search_index_tsv ON search_index USING GIN (tsv)"),
            QStringLiteral("CREATE INDEX search_index_board ON search_index(board_id)"),
            QStringLiteral("CREATE TABLE reminders_sent ("
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " item_id TEXT NOT NULL,"
                           " column_id TEXT NOT NULL,"
                           " date TEXT NOT NULL,"
                           " stage TEXT NOT NULL,"
                           " at TEXT NOT NULL,"
                           " PRIMARY KEY (item_id, column_id, date, stage))"),
        },
        // 2 -> 3
        {
            QStringLiteral("CREATE TABLE attachments ("
                           " id TEXT PRIMARY KEY,"
                           " board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,"
                           " item_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " size BIGINT NOT NULL,"
                           " content_type TEXT NOT NULL,"
                           " sha256 TEXT NOT NULL,"
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
                           " size BIGINT NOT NULL,"
                           " sha256 TEXT NOT NULL,"
                           " content_type TEXT NOT NULL,"
                           " received BIGINT NOT NULL DEFAULT 0,"
                           " complete BIGINT NOT NULL DEFAULT 0,"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL)"),
        },
        // 3 -> 4
        {
            QStringLiteral("CREATE TABLE jobs ("
                           " id TEXT PRIMARY KEY,"
                           " kind TEXT NOT NULL,"
                           " owner TEXT NOT NULL,"
                           " board_id TEXT NOT NULL,"
                           " state TEXT NOT NULL,"
                           " done BIGINT NOT NULL DEFAULT 0,"
                           " total BIGINT NOT NULL DEFAULT 0,"
                           " failed BIGINT NOT NULL DEFAULT 0,"
                           " checkpoint BIGINT NOT NULL DEFAULT 0,"
                           " params TEXT NOT NULL DEFAULT '{}',"
                           " created_at TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL,"
                           " error TEXT)"),
            QStringLiteral("CREATE INDEX jobs_state ON jobs(state)"),
            QStringLiteral("CREATE TABLE job_failures ("
                           " job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,"
                           " row BIGINT NOT NULL,"
                           " data TEXT NOT NULL,"
                           " reason TEXT NOT NULL,"
                           " state TEXT NOT NULL,"
                           " PRIMARY KEY (job_id, row))"),
            // PostgreSQL only: the sign-in throttle's attempts, shared by the nodes
            // (LoginLimiter; one node on SQLite keeps them in memory). Unlogged: losing
            // them in a database crash only resets the counts.
            QStringLiteral("CREATE UNLOGGED TABLE login_attempts ("
                           " bucket INTEGER NOT NULL," // 0 login, 1 address, 2 login from an address
                           " key TEXT NOT NULL,"
                           " at_ms BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX login_attempts_key ON login_attempts(bucket, key, at_ms)"),
        },
    };
    return migrations;
}

} // namespace Tessera::Server
