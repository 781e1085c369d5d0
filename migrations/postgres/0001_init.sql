-- citydesk on PostgreSQL: the same log and projections as the SQLite
-- schema (migrations/sqlite, versions 1 to 6), in one step, plus what
-- several replicas share: the log's head and leases.
--
-- Times the model reads back are RFC 3339 text, as in SQLite, so both
-- backends store byte-identical JSON; the columns queries compare on are
-- Unix seconds.

-- The head of the log: one row, locked by every committing transaction
-- (SELECT ... FOR UPDATE) before it takes its numbers. Writers on every
-- replica queue on this lock, so `seq` is handed out in commit order with
-- no gap: a transaction that aborts releases the lock without moving it.
CREATE TABLE log_head (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT  NOT NULL
);
INSERT INTO log_head (id, seq) VALUES (1, 0);

CREATE TABLE events (
    seq      BIGINT  PRIMARY KEY,
    item_id  TEXT    NOT NULL,
    version  BIGINT  NOT NULL,
    type     TEXT    NOT NULL,
    actor    TEXT    NOT NULL,
    at       TEXT    NOT NULL,
    -- The whole event as JSON, exactly as the stream sends it.
    body     TEXT    NOT NULL,
    UNIQUE (item_id, version)
);

CREATE TABLE items (
    id          TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL,
    number      BIGINT  NOT NULL,
    status      TEXT    NOT NULL,
    is_open     BOOLEAN NOT NULL,
    version     BIGINT  NOT NULL,
    district    TEXT,
    department  TEXT,
    fingerprint TEXT,
    updated_at  TEXT    NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX items_open_kind ON items (is_open, kind);
CREATE INDEX items_kind_number ON items (kind, number);
CREATE UNIQUE INDEX items_one_open_fingerprint ON items (fingerprint)
    WHERE is_open AND kind = 'alert' AND fingerprint IS NOT NULL;

-- Item numbers per kind, from sequences: any replica takes one without
-- waiting for a commit. A number whose create failed (or, after a crash,
-- up to the sequence's cache) is not reused: gaps are allowed in item
-- numbers, never in `seq`.
CREATE SEQUENCE item_number_incident;
CREATE SEQUENCE item_number_alert;
CREATE SEQUENCE item_number_ticket;

CREATE TABLE idempotency (
    operator     TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    item         TEXT    NOT NULL,
    first_seq    BIGINT  NOT NULL,
    last_seq     BIGINT  NOT NULL,
    created_at   TEXT    NOT NULL,
    -- The same moment in Unix seconds: retention drops answers by it.
    created_unix BIGINT  NOT NULL,
    PRIMARY KEY (operator, key)
);

CREATE TABLE operators (
    login                TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    role                 TEXT NOT NULL,
    department           TEXT,
    token_hash           TEXT NOT NULL UNIQUE,
    created_at           TEXT NOT NULL,
    revoked_at           TEXT,
    extension            TEXT,
    expires_at           TEXT,
    previous_token_hash  TEXT,
    previous_valid_until TEXT,
    last_used_at         TEXT
);
CREATE UNIQUE INDEX operators_extension ON operators (extension)
    WHERE extension IS NOT NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX operators_previous_token ON operators (previous_token_hash)
    WHERE previous_token_hash IS NOT NULL;

CREATE TABLE item_callers (
    phone      TEXT    NOT NULL,
    item_id    TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    reporter   BOOLEAN NOT NULL,
    PRIMARY KEY (phone, item_id)
);
CREATE INDEX item_callers_newest ON item_callers (phone, created_at DESC);

CREATE TABLE caller_reads (
    id    BIGSERIAL PRIMARY KEY,
    at    TEXT NOT NULL,
    login TEXT NOT NULL,
    role  TEXT NOT NULL,
    phone TEXT NOT NULL
);
CREATE INDEX caller_reads_phone ON caller_reads (phone, id);

CREATE TABLE audit (
    id     BIGSERIAL PRIMARY KEY,
    at     TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    login  TEXT,
    route  TEXT,
    status INTEGER,
    detail TEXT    NOT NULL,
    once   TEXT    UNIQUE
);

CREATE TABLE item_facts (
    item_id      TEXT    PRIMARY KEY,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    is_open      BOOLEAN NOT NULL,
    created_at   BIGINT  NOT NULL,
    closed_at    BIGINT,
    names_caller BOOLEAN NOT NULL,
    facts        TEXT    NOT NULL
);
CREATE INDEX item_facts_closed_by_report ON item_facts (created_at) WHERE NOT is_open;
CREATE INDEX item_facts_retention ON item_facts (closed_at) WHERE NOT is_open AND names_caller;
CREATE INDEX item_facts_counts ON item_facts (kind, status);
CREATE INDEX item_facts_closing ON item_facts (closed_at) WHERE NOT is_open;

CREATE TABLE foreign_ids (
    source     TEXT NOT NULL,
    foreign_id TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    PRIMARY KEY (source, foreign_id)
);
CREATE INDEX foreign_ids_item ON foreign_ids (item_id);

CREATE TABLE raw_documents (
    id           BIGSERIAL PRIMARY KEY,
    item_id      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body         TEXT NOT NULL
);
CREATE INDEX raw_documents_item ON raw_documents (item_id, id);

-- Work that must run on one replica at a time (the SLA ticker, the
-- escalation ladder, retention): the replica holding an unexpired lease.
CREATE TABLE leases (
    name   TEXT        PRIMARY KEY,
    holder TEXT        NOT NULL,
    until  TIMESTAMPTZ NOT NULL
);

-- The probe's row: health's write test.
CREATE TABLE probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
);
