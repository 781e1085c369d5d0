-- Token lifetimes: an optional expiry, the token a rotation replaced (kept
-- working until the end of its grace period), and when the operator last
-- used either (written at most once a minute per token).
ALTER TABLE operators ADD COLUMN expires_at TEXT;
ALTER TABLE operators ADD COLUMN previous_token_hash TEXT;
ALTER TABLE operators ADD COLUMN previous_valid_until TEXT;
ALTER TABLE operators ADD COLUMN last_used_at TEXT;
CREATE UNIQUE INDEX operators_previous_token ON operators (previous_token_hash)
    WHERE previous_token_hash IS NOT NULL;
