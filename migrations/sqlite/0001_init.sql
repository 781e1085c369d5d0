-- The event log is the source of truth; `items` is its projection, written
-- in the same transaction as the events that change it.

CREATE TABLE events (
    -- Gap-free, strictly increasing: assigned by the single writer.
    seq      INTEGER PRIMARY KEY,
    item_id  TEXT    NOT NULL,
    -- Counts the item's own events; (item_id, version) is unique, which is
    -- what makes a stale expected_version impossible to commit.
    version  INTEGER NOT NULL,
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
    number      INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    is_open     INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    district    TEXT,
    department  TEXT,
    fingerprint TEXT,
    updated_at  TEXT    NOT NULL,
    -- The folded item as JSON.
    body        TEXT    NOT NULL
);
CREATE INDEX items_open_kind ON items (is_open, kind);
CREATE INDEX items_kind_number ON items (kind, number);
CREATE INDEX items_open_fingerprint ON items (fingerprint) WHERE is_open = 1 AND fingerprint IS NOT NULL;

-- A retried write returns its first answer: the item as it was then and the
-- events it appended (first_seq..=last_seq).
CREATE TABLE idempotency (
    operator     TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    item         TEXT    NOT NULL,
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (operator, key)
);

CREATE TABLE operators (
    login       TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    department  TEXT,
    -- SHA-256 of the token; the token itself is never stored.
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
