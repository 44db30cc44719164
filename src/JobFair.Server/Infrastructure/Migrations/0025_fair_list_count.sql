-- 0025: the total of a fair's list without keywords no longer visits every share and its posting (issue 15,
-- docs/performance.md, pages). Every page of the fair page shows it, and in the 18,000-posting fair it cost
-- 98 ms of a core (16,774 open shares joined to their postings, 72,000 buffers) for a page of 20 rows.
-- A search entry's open_until holds the same rule (0007, 0016: open, before its closing date, not a
-- suspended employer's), so the count is an index-only scan of the fair's partition.
CREATE INDEX ix_search_entries_fair_id_open_until ON search_entries (fair_id, open_until);
