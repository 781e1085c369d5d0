-- Standard intake: which item each foreign document made, and the
-- documents as received.
-- (source, foreign_id) is unique: the writer decides inside its
-- transaction whether a delivery is new, so two concurrent deliveries of
-- one document make one item.
CREATE TABLE foreign_ids (
    source     TEXT NOT NULL,
    foreign_id TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    PRIMARY KEY (source, foreign_id)
);
CREATE INDEX foreign_ids_item ON foreign_ids (item_id);

-- Every document that touched an item, newest last; served on demand by
-- GET /v1/items/{id}/raw.
CREATE TABLE raw_documents (
    id           INTEGER PRIMARY KEY,
    item_id      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body         TEXT NOT NULL
);
CREATE INDEX raw_documents_item ON raw_documents (item_id, id);
