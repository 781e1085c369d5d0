-- The audit log: first use of a token, refused requests, role changes and
-- revocations, reads of a caller's history. Append-only: nothing updates
-- or deletes a row. Admins read it through `GET /v1/audit`.
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    login  TEXT,
    route  TEXT,
    status INTEGER,
    detail TEXT    NOT NULL,
    -- Rows recorded once (a token's first use): the second is ignored.
    once   TEXT    UNIQUE
);
