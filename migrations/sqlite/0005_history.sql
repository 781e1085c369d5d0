-- History that grows for years: what the server needs of closed items
-- without loading them. The server keeps open items in memory; windows
-- over history (stats), retention and the item counts read this table.
--
-- One row per item, open or closed, written by the writer in the same
-- transaction as the `items` projection. Rows for items stored before
-- this table existed are computed by citydesk right after this migration
-- (the facts are model code, not SQL).
CREATE TABLE item_facts (
    item_id    TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    is_open    INTEGER NOT NULL,
    -- Unix seconds: a stats window selects by report time, retention by
    -- closing time.
    created_at INTEGER NOT NULL,
    closed_at  INTEGER,
    -- 1 while the item still names a caller (a name or a phone): what
    -- retention has yet to redact.
    names_caller INTEGER NOT NULL,
    -- model::stats::Facts as JSON.
    facts      TEXT    NOT NULL
);
CREATE INDEX item_facts_closed_by_report ON item_facts (created_at) WHERE is_open = 0;
CREATE INDEX item_facts_retention ON item_facts (closed_at) WHERE is_open = 0 AND names_caller = 1;
CREATE INDEX item_facts_counts ON item_facts (kind, status);
-- The newest closed items first: what the suggestion engine learns from.
CREATE INDEX item_facts_closing ON item_facts (closed_at) WHERE is_open = 0;
