-- Callers: their items by normalised phone, who read a caller's history,
-- and operators' telephone extensions (for the screen pop).

-- `GET /v1/callers/{phone}` reads a caller's items through this index. It
-- is written by the writer in the same transaction as the `items`
-- projection, one row per caller of an item (merged-in callers included).
CREATE TABLE item_callers (
    -- Normalised (model::phone::normalise): 13800001234, 04161234567.
    phone      TEXT    NOT NULL,
    item_id    TEXT    NOT NULL,
    -- When the item was reported, in Unix seconds: history is newest first.
    created_at INTEGER NOT NULL,
    -- 1 when this caller reported the item, 0 when merged in from a
    -- duplicate: the calls a caller made are the items they reported.
    reporter   INTEGER NOT NULL,
    PRIMARY KEY (phone, item_id)
) WITHOUT ROWID;
CREATE INDEX item_callers_newest ON item_callers (phone, created_at DESC);

-- Items stored before this table existed.
INSERT OR IGNORE INTO item_callers (phone, item_id, created_at, reporter)
SELECT json_extract(c.value, '$.phone'),
       items.id,
       COALESCE(CAST(strftime('%s', json_extract(items.body, '$.created_at')) AS INTEGER), 0),
       c.key = 0
FROM items, json_each(items.body, '$.callers') AS c
WHERE json_extract(c.value, '$.phone') IS NOT NULL;

-- Every read of a caller's history: who, when, which phone. Admins read it
-- through `GET /v1/audit/callers`.
CREATE TABLE caller_reads (
    id    INTEGER PRIMARY KEY,
    at    TEXT    NOT NULL,
    login TEXT    NOT NULL,
    role  TEXT    NOT NULL,
    phone TEXT    NOT NULL
);
CREATE INDEX caller_reads_phone ON caller_reads (phone, id);

-- The desk telephone an operator answers: a PBX posts calls by extension.
ALTER TABLE operators ADD COLUMN extension TEXT;
CREATE UNIQUE INDEX operators_extension ON operators (extension)
    WHERE extension IS NOT NULL AND revoked_at IS NULL;
