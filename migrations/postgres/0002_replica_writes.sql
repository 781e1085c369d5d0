-- The departments that may read each event, as of its commit (every
-- department its item had been dispatched to then), as a JSON array. Kept
-- with the event so that a replica publishing another replica's commits
-- reads the log alone instead of joining each event to its item and
-- parsing the item's body. NULL for events written before this column, or
-- copied by `migrate-store`: readers work those out from the item.
ALTER TABLE events ADD COLUMN departments TEXT;

-- A writer may decide a batch before it takes the log's lock, on the
-- versions its commits expect; inside the locked transaction it checks
-- that the items are still there, and this ends the transaction when they
-- are not (the writer then decides the batch again under the lock).
CREATE FUNCTION citydesk_expect(held BOOLEAN) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT held THEN
        RAISE EXCEPTION 'items moved on since the batch was decided' USING ERRCODE = 'CDX01';
    END IF;
    RETURN TRUE;
END
$$;
