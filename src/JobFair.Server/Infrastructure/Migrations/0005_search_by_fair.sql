-- 0005: a keyword search in a fair is one GIN index lookup, and relevance ranking works.
-- Measured at 500,000 postings (docs/performance.md), the plan of 0002 either walked every
-- posting of the fair (18,000 in the largest) re-checking each vector, or scanned every posting
-- in the country that had the keyword; seconds under load. Each posting now carries the fairs it
-- is shared into (kept with position_fairs by the handlers that share it), and its search vector
-- one token per fair, so that "keywords AND this fair" is answered by the index.
-- 0002 also built the vector with array_to_tsvector, whose lexemes have no positions, so
-- setweight could not weight them and every match ranked the same; lexemes now get positions.

DROP INDEX ix_positions_search_vector;
ALTER TABLE positions DROP COLUMN search_vector;

ALTER TABLE positions ADD COLUMN fair_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE positions ALTER COLUMN fair_ids DROP DEFAULT;
UPDATE positions p SET fair_ids = s.ids
FROM (SELECT position_id, array_agg(fair_id ORDER BY shared_at) AS ids FROM position_fairs GROUP BY position_id) s
WHERE s.position_id = p.id;

-- Tokens as a tsvector with positions (so weights stick), all of one weight.
CREATE FUNCTION jf_weighted(tokens text[], weight text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(quote_literal(tok) || ':' || least(i, 16383) || weight, ' '), '')::tsvector
  FROM unnest(tokens) WITH ORDINALITY AS t(tok, i)
$$;

-- '@' plus the id's hex digits: no keyword token can look like it (keyword tokens are letters,
-- digits, + and # or Chinese characters).
CREATE FUNCTION jf_fair_tokens(ids uuid[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg('@' || replace(id::text, '-', '')), '{}') FROM unnest(ids) AS id
$$;

-- Keywords AND the fair's token; no keywords match nothing (rather than the whole fair).
CREATE FUNCTION jf_fair_search_query(q text, fair uuid) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(k) = 0 THEN k
              ELSE k && quote_literal('@' || replace(fair::text, '-', ''))::tsquery END
  FROM jf_search_query(q) AS k
$$;

ALTER TABLE positions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  jf_weighted(jf_search_tokens(title), 'A') ||
  jf_weighted(jf_search_tokens(employer_name || ' ' || jf_join(majors)), 'B') ||
  jf_weighted(jf_search_tokens(city), 'C') ||
  jf_weighted(jf_search_tokens(description), 'D') ||
  array_to_tsvector(jf_fair_tokens(fair_ids))) STORED NOT NULL;
CREATE INDEX ix_positions_search_vector ON positions USING gin (search_vector);

-- Ranking reads this small vector (no description), which stays inside the row: ranking thousands
-- of matches of a common word no longer fetches each posting's out-of-line search vector.
ALTER TABLE positions ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
  jf_weighted(jf_search_tokens(title), 'A') ||
  jf_weighted(jf_search_tokens(employer_name || ' ' || jf_join(majors)), 'B') ||
  jf_weighted(jf_search_tokens(city), 'C')) STORED NOT NULL;
