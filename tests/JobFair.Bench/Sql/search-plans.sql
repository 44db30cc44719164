-- Keyword search's plan under plans made once (migration 0027; docs/performance.md, "Session of 2026-12-03, night").
-- Run as the superuser (auto_explain is a superuser's library) in a database the search scenario has filled
-- (deploy/bench.sh --quick search), e.g.
--   bash -c 'source deploy/lib/common.sh && psql_admin -d jobfair_bench_search_50k -f tests/JobFair.Bench/Sql/search-plans.sql'
-- With every plan reused (force_generic_plan), the function's statement is still planned for its values: one partition
-- of search_entries and a constant tsquery. The same statement written in a function's body is not: "Subplans Removed"
-- and jf_entry_query($1, ...) at run time. Everything is rolled back.
BEGIN;
SET plan_cache_mode = force_generic_plan;
SELECT fair_id AS f FROM search_entries LIMIT 1 \gset
CREATE FUNCTION pg_temp.in_body(keywords text, fair uuid, at timestamptz) RETURNS TABLE (position_id uuid)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY SELECT e.position_id FROM search_entries e
  WHERE e.fair_id = fair AND e.open_until > at AND e.search_vector @@ jf_entry_query(keywords, fair, jf_filter_tokens(NULL, NULL, NULL, NULL));
END $$;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice;
SET client_min_messages = notice;
\echo === jf_fair_search_page (by EXECUTE)
SELECT count(*) FROM jf_fair_search_page('工程师', :'f', now(), NULL, NULL, NULL, NULL, 3, 0);
\echo === the same match written in a function body
SELECT count(*) FROM pg_temp.in_body('工程师', :'f', now());
ROLLBACK;
