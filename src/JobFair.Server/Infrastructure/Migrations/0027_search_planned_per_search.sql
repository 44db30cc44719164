-- 0027: a page of keyword search (best matches first, with the total of all hits), planned for its words and its
-- fair on every search. The server's connections let PostgreSQL reuse a statement's plan once it estimates that a
-- plan made once costs no more; for this statement that estimate is no promise. A plan made without the values
-- carries and locks all 256 partitions of search_entries on every run (255 are pruned only then), runs the
-- tokenisers at run time instead of folding them into a constant query, and stays on its connection. A statement
-- run by RETURN QUERY EXECUTE (or plain EXECUTE; not FOR ... IN EXECUTE or OPEN ... FOR EXECUTE, which make a cursor
-- that plan_cache_mode governs; and before PostgreSQL 14 not RETURN QUERY EXECUTE either) is planned on each run with
-- its values, a one-shot plan whatever plan_cache_mode says, and only it: the tokenisers' own statements, run while
-- it is planned, keep the plans their connection made for them.
-- Arguments: the keywords, the fair, the time the listing is judged at, the filters (city, degree, employer,
-- majors; NULL for none), the page (rows, rows skipped). A page past the last hit has no row to carry the total:
-- ask for the first row to count.
CREATE FUNCTION jf_fair_search_page(keywords text, fair uuid, at timestamptz, in_city text, with_degree text,
                                    by_employer uuid, in_majors text[], page_size int, skip int)
RETURNS TABLE (position_id uuid, title text, employer_id uuid, employer_name text, city text, degree text,
               openings int, majors text[], salary_min int, salary_max int, closes_at timestamptz,
               shared_at timestamptz, tier int, total int)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE $search$
    WITH hits AS MATERIALIZED (
        SELECT e.position_id, e.shared_at,
               CASE WHEN e.head_vector @@ jf_search_query_in($1, 'A') THEN 2
                    WHEN e.head_vector @@ jf_search_query($1) THEN 1 ELSE 0 END AS tier
        FROM search_entries e
        WHERE e.fair_id = $2 AND e.open_until > $3
          AND e.search_vector @@ jf_entry_query($1, $2, jf_filter_tokens($4, $5, $6, $7))
    )
    SELECT p.id, p.title::text, p.employer_id, p.employer_name::text, p.city::text, p.degree::text, p.openings,
           p.majors, p.salary_min, p.salary_max, p.closes_at, h.shared_at, h.tier, (SELECT count(*) FROM hits)::int
    FROM (SELECT * FROM hits ORDER BY tier DESC, shared_at DESC, position_id LIMIT $8 OFFSET $9) h
    JOIN positions p ON p.id = h.position_id
    ORDER BY h.tier DESC, h.shared_at DESC, h.position_id
    $search$
  USING keywords, fair, at, in_city, with_degree, by_employer, in_majors, page_size, skip;
END $$;
