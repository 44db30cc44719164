-- The booth's waiting line and plans made once (migration 0028; docs/performance.md, "Session of 2026-12-03, night").
-- Run as the superuser in a database the queue scenario has filled (deploy/bench.sh queue), e.g.
--   bash -c 'source deploy/lib/common.sh && psql_admin -d jobfair_bench_queue -f tests/JobFair.Bench/Sql/waiting-line.sql'
-- One booth gets 5,000 served tickets and then 2,000 waiting students; CallNext's statement is explained as a plan made
-- once, without and with 0028's index. Everything is rolled back.
BEGIN;
DROP INDEX IF EXISTS ix_booth_queue_entries_waiting_line;
SELECT fair_id AS f, employer_id AS e, max(ticket) AS t FROM booth_queue_entries GROUP BY 1, 2 LIMIT 1 \gset
SELECT id AS s FROM students LIMIT 1 \gset
UPDATE booth_queue_entries SET status = 'served' WHERE status = 'waiting';
INSERT INTO booth_queue_entries (id, fair_id, employer_id, student_id, ticket, holder_slot, status, joined_at, ended_at)
SELECT gen_random_uuid(), :'f', :'e', :'s', :t + i, 1, 'served', now(), now() FROM generate_series(1, 5000) i;
INSERT INTO booth_queue_entries (id, fair_id, employer_id, student_id, ticket, holder_slot, status, joined_at)
SELECT gen_random_uuid(), :'f', :'e', s.id, :t + 5000 + row_number() OVER (ORDER BY s.id), 1, 'waiting', now()
FROM (SELECT id FROM students ORDER BY id LIMIT 2000) s;
ANALYZE booth_queue_entries;
SET plan_cache_mode = force_generic_plan;
PREPARE next_param(uuid, uuid, text) AS SELECT * FROM booth_queue_entries
  WHERE fair_id = $1 AND employer_id = $2 AND status = $3 ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED;
PREPARE next_literal(uuid, uuid) AS SELECT * FROM booth_queue_entries
  WHERE fair_id = $1 AND employer_id = $2 AND status = 'waiting' ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED;
\echo === status a parameter, no 0028
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) EXECUTE next_param(:'f', :'e', 'waiting');
\echo === 'waiting' in the text, no 0028
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) EXECUTE next_literal(:'f', :'e');
CREATE INDEX ix_booth_queue_entries_waiting_line ON booth_queue_entries (fair_id, employer_id, ticket) WHERE status = 'waiting';
DEALLOCATE ALL;
PREPARE next_param(uuid, uuid, text) AS SELECT * FROM booth_queue_entries
  WHERE fair_id = $1 AND employer_id = $2 AND status = $3 ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED;
PREPARE next_literal(uuid, uuid) AS SELECT * FROM booth_queue_entries
  WHERE fair_id = $1 AND employer_id = $2 AND status = 'waiting' ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED;
\echo === status a parameter, with 0028
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) EXECUTE next_param(:'f', :'e', 'waiting');
\echo === 'waiting' in the text, with 0028 (what CallNext sends)
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) EXECUTE next_literal(:'f', :'e');
ROLLBACK;
