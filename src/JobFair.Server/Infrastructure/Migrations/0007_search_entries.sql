-- 0007: keyword search reads a narrow table partitioned by fair instead of the postings.
-- Measured at 500,000 postings (docs/performance.md): a frequent word in the 18,000-posting fair
-- (武汉: 6,779 hits) visited 7,000 heap pages of positions, scattered over 630 MB, to filter,
-- rank and count its hits. Counting cannot skip those visits: PostgreSQL 15.20 fetches every
-- page of a bitmap heap scan (the all-visible skip was withdrawn in the 2025 minor releases).
-- So each hit's visit is made cheap instead: one row per posting per fair it is shared into,
-- about 150 bytes (the search vector goes out of line; toast_tuple_target pushes it there),
-- hash-partitioned by fair so that a fair's rows share pages with few other fairs' rows. The
-- same search visits 930 pages of one 7 MB partition.
--
-- Kept by triggers in the same transaction as the change that causes it: sharing a posting into
-- a fair adds its entry; editing, closing or reopening the posting rewrites its entries;
-- withdrawing a share or deleting a posting deletes them (foreign key, cascade).
--
-- Ranking no longer calls ts_rank on every hit: hits whose title holds every keyword come first,
-- then those whose title and employer name hold them, then the rest, each group most recently
-- shared first. Filters (city, degree, employer, major) are tokens in the vector, so that a
-- filtered search is answered by the index too.

-- Tokens a filter matches. Values are hashed so that any text (quotes, backslashes, spaces) makes
-- a safe lexeme; '~' never starts a keyword token (letters, digits, + and #, or Chinese).
CREATE FUNCTION jf_filter_tokens(city text, degree text, employer uuid, majors text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_remove(ARRAY['~c' || md5(city), '~d' || md5(degree), '~e' || replace(employer::text, '-', '')], NULL)
         || coalesce((SELECT array_agg('~m' || md5(m)) FROM unnest(majors) AS m), '{}')
$$;

-- The fair's token, as 0005 wrote it: '@' and the id's hex digits.
CREATE FUNCTION jf_fair_token(fair uuid) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '@' || replace(fair::text, '-', '') $$;

-- The keywords, in this fair, passing these filters; no keywords match nothing (not the whole fair).
CREATE FUNCTION jf_entry_query(q text, fair uuid, filters text[]) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(k) = 0 THEN k
              ELSE k && (SELECT string_agg(quote_literal(t), ' & ')::tsquery FROM unnest(jf_fair_token(fair) || filters) AS t) END
  FROM jf_search_query(q) AS k
$$;

-- The keywords restricted to lexemes of the given weights ('A': in the title).
CREATE FUNCTION jf_search_query_in(q text, weights text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(quote_literal(tok) || ':' || CASE WHEN char_length(tok) = 1 THEN '*' ELSE '' END || weights, ' & '), '')::tsquery
  FROM unnest(jf_search_tokens(q)) AS tok
$$;

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
-- employer name are at most 200 characters each, so it always fits). search_vector always goes out.
ALTER TABLE search_entries ALTER COLUMN head_vector SET STORAGE PLAIN;
ALTER TABLE search_entries ALTER COLUMN search_vector SET STORAGE EXTERNAL;

DO $$
BEGIN
  FOR i IN 0..63 LOOP
    EXECUTE format('CREATE TABLE search_entries_%s PARTITION OF search_entries
                    FOR VALUES WITH (MODULUS 64, REMAINDER %s) WITH (toast_tuple_target = 128)', i, i);
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
