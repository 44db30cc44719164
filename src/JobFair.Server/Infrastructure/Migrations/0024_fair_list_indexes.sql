-- 0024: a page of a fair's position list no longer sorts every share of the fair (issue 15, docs/performance.md).
-- Newest first is the fair's shares in index order: the page stops after its rows (its count still visits
-- every share). Replaces the (fair_id, position_id) index, whose lookups this one serves as well.
DROP INDEX ix_position_fairs_fair_id_position_id;
CREATE INDEX ix_position_fairs_fair_id_shared_at_position_id ON position_fairs (fair_id, shared_at DESC, position_id);

-- "Not a suspended employer's" (PositionAccess.Listed) reads the few suspended employers, not all of them.
CREATE INDEX ix_employers_suspended ON employers (id) WHERE suspended_at IS NOT NULL;
