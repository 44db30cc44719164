-- 0028: a booth's waiting line in ticket order, without the entries that have ended. Once PostgreSQL made one plan
-- for calling the next student or reading the line (the status a parameter, or a long line it would otherwise
-- sort), it walked the booth's index of every ticket ever drawn (fair, employer, ticket) past the served, skipped and
-- departed ones before the first that waits: work that grew with the day. The statements that read the line carry
-- 'waiting' in their text, so that a plan made once uses this index.
CREATE INDEX ix_booth_queue_entries_waiting_line ON booth_queue_entries (fair_id, employer_id, ticket) WHERE status = 'waiting';
