-- The departments that may read each event, as of its commit (every
-- department its item had been dispatched to then), as a JSON array. Kept
-- with the event so that a replica publishing another replica's commits
-- reads the log alone instead of joining each event to its item and
-- parsing the item's body. NULL for events written before this column, or
-- copied by `migrate-store`: readers work those out from the item.
ALTER TABLE events ADD COLUMN departments TEXT;
