-- 0007: keyword search reads its own entries, partitioned by fair, instead of the postings.
-- Measured at 500,000 postings (docs/performance.md): a frequent word in the 18,000-posting fair
-- (武汉: 6,779 hits) visited 7,000 heap pages of positions, scattered over 630 MB, to filter,
-- rank and count its hits. Counting cannot skip those visits: on PostgreSQL 15.20 a count(*)
-- over a bitmap heap scan of an all-visible table still reads every page (checked with
-- EXPLAIN (ANALYZE, BUFFERS); the all-visible skip was withdrawn in the 2025 minor releases).
-- So the hits are packed instead: one row per posting per fair it is shared into, hash-
-- partitioned by fair (256 ways, so that a big fair has a partition nearly to itself). The same
-- search reads about 3,900 pages of one 31 MB partition. (The rows stay about 1.5 KB: PostgreSQL
-- moves values out of line only for rows over 2 KB, whatever toast_tuple_target says.)
--
-- Kept by triggers in the same transaction as the change that causes it: sharing a posting into
-- a fair adds its entry; editing, closing or reopening the posting rewrites its entries;
-- withdrawing a share or deleting a posting deletes them (foreign key, cascade).
--
-- Ranking no longer calls ts_rank on every hit: hits whose title holds every keyword come first,
-- then those whose title and employer name hold them, then the rest, each group most recently
-- shared first. Filters (city, degree, employer, major) are tokens in the vector, so that a
-- filtered search is answered by the index too.

-- The tokenising functions of 0002 and 0005 in PL/pgSQL, same results: a search folds five of
-- them into constants while planning, and a SQL function that is not inlined is parsed and
-- planned again on every call (0.3 ms each), while PL/pgSQL keeps its plans for the session.
-- Nothing generated depends on them any more (the columns go below), so they may change language.
CREATE OR REPLACE FUNCTION jf_search_tokens(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT tok), '{}')
    FROM (
      SELECT lower(left(w[1], 100)) AS tok
      FROM regexp_matches(coalesce(t, ''), '([A-Za-z0-9][A-Za-z0-9+#]*)', 'g') AS w
      UNION ALL
      SELECT substr(h[1], i, 2)
      FROM regexp_matches(coalesce(t, ''), '([\u3400-\u4dbf\u4e00-\u9fff]+)', 'g') AS h,
           generate_series(1, greatest(char_length(h[1]) - 1, 1)) AS i
    ) tokens);
END $$;

CREATE OR REPLACE FUNCTION jf_search_query(q text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    SELECT coalesce(string_agg(quote_literal(tok) || CASE WHEN char_length(tok) = 1 THEN ':*' ELSE '' END, ' & '), '')::tsquery
    FROM unnest(jf_search_tokens(q)) AS tok);
END $$;

CREATE OR REPLACE FUNCTION jf_weighted(tokens text[], weight text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    SELECT coalesce(string_agg(quote_literal(tok) || ':' || least(i, 16383) || weight, ' '), '')::tsvector
    FROM unnest(tokens) WITH ORDINALITY AS t(tok, i));
END $$;

-- Tokens a filter matches. Values are hashed so that any text (quotes, backslashes, spaces) makes
-- a safe lexeme; '~' never starts a keyword token (letters, digits, + and #, or Chinese).
CREATE FUNCTION jf_filter_tokens(city text, degree text, employer uuid, majors text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN array_remove(ARRAY['~c' || md5(city), '~d' || md5(degree), '~e' || replace(employer::text, '-', '')], NULL)
         || coalesce((SELECT array_agg('~m' || md5(m)) FROM unnest(majors) AS m), '{}');
END $$;

-- The fair's token, as 0005 wrote it: '@' and the id's hex digits.
CREATE FUNCTION jf_fair_token(fair uuid) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '@' || replace(fair::text, '-', '') $$;

-- The keywords, in this fair, passing these filters; no keywords match nothing (not the whole fair).
CREATE FUNCTION jf_entry_query(q text, fair uuid, filters text[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  k tsquery := jf_search_query(q);
BEGIN
  IF numnode(k) = 0 THEN RETURN k; END IF;
  RETURN k && (SELECT string_agg(quote_literal(t), ' & ')::tsquery FROM unnest(jf_fair_token(fair) || filters) AS t);
END $$;

-- The keywords restricted to lexemes of the given weights ('A': in the title).
CREATE FUNCTION jf_search_query_in(q text, weights text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    SELECT coalesce(string_agg(quote_literal(tok) || ':' || CASE WHEN char_length(tok) = 1 THEN '*' ELSE '' END || weights, ' & '), '')::tsquery
    FROM unnest(jf_search_tokens(q)) AS tok);
END $$;

-- Until when a posting is listed: never once closed, up to its closing date if it has one.
CREATE FUNCTION jf_open_until(status text, closes_at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status = 'open' THEN coalesce(closes_at, 'infinity') ELSE '-infinity' END
$$;

-- Title (A) and employer name (B), with positions so that weights stick: small enough to stay in the row.
CREATE FUNCTION jf_head_vector(title text, employer_name text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jf_weighted(jf_search_tokens(title), 'A') || jf_weighted(jf_search_tokens(employer_name), 'B')
$$;

-- Every keyword token of every field (no positions: only the index reads it), the filters' tokens
-- and the fair's token.
CREATE FUNCTION jf_entry_vector(title text, employer_name text, majors text[], city text, description text,
                                degree text, employer uuid, fair uuid) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(
    jf_search_tokens(concat_ws(' ', title, employer_name, jf_join(majors), city, description))
    || jf_filter_tokens(city, degree, employer, majors)
    || jf_fair_token(fair))
$$;

CREATE TABLE search_entries (
    position_id uuid NOT NULL,
    fair_id uuid NOT NULL,
    shared_at timestamp with time zone NOT NULL,
    open_until timestamp with time zone NOT NULL,
    head_vector tsvector NOT NULL,
    search_vector tsvector NOT NULL,
    CONSTRAINT pk_search_entries PRIMARY KEY (position_id, fair_id),
    CONSTRAINT fk_search_entries_position_fairs_position_id_fair_id FOREIGN KEY (position_id, fair_id)
        REFERENCES position_fairs (position_id, fair_id) ON DELETE CASCADE
) PARTITION BY HASH (fair_id);

-- Ranking reads head_vector on every hit: never compressed or moved out of line (title and
-- employer name are at most 200 characters each, so it always fits in a page).
ALTER TABLE search_entries ALTER COLUMN head_vector SET STORAGE PLAIN;

DO $$
BEGIN
  FOR i IN 0..255 LOOP
    EXECUTE format('CREATE TABLE search_entries_%s PARTITION OF search_entries
                    FOR VALUES WITH (MODULUS 256, REMAINDER %s)', i, i);
  END LOOP;
END $$;

INSERT INTO search_entries (position_id, fair_id, shared_at, open_until, head_vector, search_vector)
SELECT pf.position_id, pf.fair_id, pf.shared_at, jf_open_until(p.status, p.closes_at), jf_head_vector(p.title, p.employer_name),
       jf_entry_vector(p.title, p.employer_name, p.majors, p.city, p.description, p.degree, p.employer_id, pf.fair_id)
FROM position_fairs pf JOIN positions p ON p.id = pf.position_id;

CREATE INDEX ix_search_entries_search_vector ON search_entries USING gin (search_vector);

-- Shares arrive in sets (a posting into several fairs, COPY): one statement-level insert each.
CREATE FUNCTION jf_search_entries_share() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entries (position_id, fair_id, shared_at, open_until, head_vector, search_vector)
  SELECT n.position_id, n.fair_id, n.shared_at, jf_open_until(p.status, p.closes_at), jf_head_vector(p.title, p.employer_name),
         jf_entry_vector(p.title, p.employer_name, p.majors, p.city, p.description, p.degree, p.employer_id, n.fair_id)
  FROM shared n JOIN positions p ON p.id = n.position_id;
  RETURN NULL;
END $$;

CREATE TRIGGER tr_position_fairs_search_entries AFTER INSERT ON position_fairs
REFERENCING NEW TABLE AS shared FOR EACH STATEMENT EXECUTE FUNCTION jf_search_entries_share();

CREATE FUNCTION jf_search_entries_edit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_entries e
  SET open_until = jf_open_until(NEW.status, NEW.closes_at),
      head_vector = jf_head_vector(NEW.title, NEW.employer_name),
      search_vector = jf_entry_vector(NEW.title, NEW.employer_name, NEW.majors, NEW.city, NEW.description, NEW.degree,
                                      NEW.employer_id, e.fair_id)
  WHERE e.position_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER tr_positions_search_entries
AFTER UPDATE OF title, description, employer_name, majors, city, degree, employer_id, status, closes_at ON positions
FOR EACH ROW EXECUTE FUNCTION jf_search_entries_edit();

-- What 0005 kept on positions for search is now in search_entries.
ALTER TABLE positions DROP COLUMN search_vector;
ALTER TABLE positions DROP COLUMN rank_vector;
ALTER TABLE positions DROP COLUMN fair_ids;
DROP FUNCTION jf_fair_search_query(text, uuid);
DROP FUNCTION jf_fair_tokens(uuid[]);
