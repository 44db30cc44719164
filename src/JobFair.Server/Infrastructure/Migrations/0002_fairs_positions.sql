-- 0002: employers and recruiter invitations, fairs and participations, positions shared into
-- fairs with Chinese-aware search, pair activities.

-- Search tokens: PostgreSQL's parsers do not segment Chinese, so Chinese runs become character
-- bigrams (a lone character stays a unigram) and Latin-script words are lower-cased. The same
-- function tokenises documents (the generated positions.search_vector) and queries, so the two
-- always agree; every token of a query must match (jf_search_query).
CREATE FUNCTION jf_search_tokens(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT tok), '{}')
  FROM (
    -- Capped: PostgreSQL refuses lexemes of 2 KB or more, and a 100-character word is no keyword.
    SELECT lower(left(w[1], 100)) AS tok
    FROM regexp_matches(coalesce(t, ''), '([A-Za-z0-9][A-Za-z0-9+#]*)', 'g') AS w
    UNION ALL
    SELECT substr(h[1], i, 2)
    FROM regexp_matches(coalesce(t, ''), '([\u3400-\u4dbf\u4e00-\u9fff]+)', 'g') AS h,
         generate_series(1, greatest(char_length(h[1]) - 1, 1)) AS i
  ) tokens
$$;

-- array_to_string is only STABLE (for arrays of any type); joining text is immutable, which a
-- generated column needs.
CREATE FUNCTION jf_join(a text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(a, ' ') $$;

CREATE FUNCTION jf_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- A lone character (one typed Chinese character) matches as a prefix: 软 finds 软件.
  SELECT coalesce(string_agg(quote_literal(tok) || CASE WHEN char_length(tok) = 1 THEN ':*' ELSE '' END, ' & '), '')::tsquery
  FROM unnest(jf_search_tokens(q)) AS tok
$$;

CREATE TABLE employers (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    credit_code character varying(18) NOT NULL,
    industry character varying(100) NOT NULL,
    city character varying(50) NOT NULL,
    size character varying(50) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_employers PRIMARY KEY (id)
);

ALTER TABLE users ADD COLUMN employer_id uuid
    CONSTRAINT fk_users_employers_employer_id REFERENCES employers (id) ON DELETE RESTRICT;

CREATE TABLE positions (
    id uuid NOT NULL,
    employer_id uuid NOT NULL,
    employer_name character varying(200) NOT NULL,
    title character varying(200) NOT NULL,
    description character varying(10000) NOT NULL,
    city character varying(50) NOT NULL,
    majors text[] NOT NULL,
    degree character varying(20) NOT NULL,
    openings integer NOT NULL,
    salary_min integer NOT NULL,
    salary_max integer NOT NULL,
    closes_at timestamp with time zone,
    status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (setweight(array_to_tsvector(jf_search_tokens(title)), 'A') ||
setweight(array_to_tsvector(jf_search_tokens(employer_name || ' ' || jf_join(majors))), 'B') ||
setweight(array_to_tsvector(jf_search_tokens(city)), 'C') ||
setweight(array_to_tsvector(jf_search_tokens(description)), 'D')) STORED NOT NULL,
    CONSTRAINT pk_positions PRIMARY KEY (id),
    CONSTRAINT fk_positions_employers_employer_id FOREIGN KEY (employer_id) REFERENCES employers (id) ON DELETE RESTRICT
);

CREATE TABLE recruiter_invitations (
    id uuid NOT NULL,
    employer_id uuid NOT NULL,
    email character varying(256) NOT NULL,
    code character varying(64) NOT NULL,
    invited_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_by uuid,
    accepted_at timestamp with time zone,
    CONSTRAINT pk_recruiter_invitations PRIMARY KEY (id),
    CONSTRAINT fk_recruiter_invitations_employers_employer_id FOREIGN KEY (employer_id) REFERENCES employers (id) ON DELETE CASCADE
);

CREATE TABLE fairs (
    id uuid NOT NULL,
    pair_id uuid NOT NULL,
    title character varying(200) NOT NULL,
    description character varying(5000) NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    status character varying(20) NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    published_at timestamp with time zone,
    closed_at timestamp with time zone,
    CONSTRAINT pk_fairs PRIMARY KEY (id),
    CONSTRAINT ck_fairs_window CHECK (ends_at > starts_at),
    CONSTRAINT fk_fairs_pairs_pair_id FOREIGN KEY (pair_id) REFERENCES pairs (id) ON DELETE RESTRICT
);

CREATE TABLE pair_activities (
    id uuid NOT NULL,
    pair_id uuid NOT NULL,
    university_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    title character varying(200) NOT NULL,
    held_at timestamp with time zone NOT NULL,
    participants integer NOT NULL,
    recorded_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_pair_activities PRIMARY KEY (id),
    CONSTRAINT fk_pair_activities_pairs_pair_id FOREIGN KEY (pair_id) REFERENCES pairs (id) ON DELETE CASCADE,
    CONSTRAINT fk_pair_activities_universities_university_id FOREIGN KEY (university_id) REFERENCES universities (id) ON DELETE RESTRICT
);

CREATE TABLE participations (
    fair_id uuid NOT NULL,
    employer_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    message character varying(1000),
    reason character varying(1000),
    requested_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    decided_by uuid,
    CONSTRAINT pk_participations PRIMARY KEY (fair_id, employer_id),
    CONSTRAINT fk_participations_employers_employer_id FOREIGN KEY (employer_id) REFERENCES employers (id) ON DELETE CASCADE,
    CONSTRAINT fk_participations_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE
);

CREATE TABLE position_fairs (
    position_id uuid NOT NULL,
    fair_id uuid NOT NULL,
    shared_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_position_fairs PRIMARY KEY (position_id, fair_id),
    CONSTRAINT fk_position_fairs_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE,
    CONSTRAINT fk_position_fairs_positions_position_id FOREIGN KEY (position_id) REFERENCES positions (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_employers_credit_code ON employers (credit_code);

CREATE INDEX ix_fairs_pair_id ON fairs (pair_id);

CREATE INDEX ix_fairs_status_starts_at ON fairs (status, starts_at);

CREATE INDEX ix_pair_activities_pair_id_held_at ON pair_activities (pair_id, held_at);

CREATE INDEX ix_pair_activities_university_id ON pair_activities (university_id);

CREATE INDEX ix_participations_employer_id ON participations (employer_id);

CREATE INDEX ix_position_fairs_fair_id_position_id ON position_fairs (fair_id, position_id);

CREATE INDEX ix_positions_employer_id_created_at ON positions (employer_id, created_at);

CREATE INDEX ix_positions_search_vector ON positions USING gin (search_vector);

CREATE UNIQUE INDEX ix_recruiter_invitations_code ON recruiter_invitations (code);

CREATE INDEX ix_recruiter_invitations_employer_id ON recruiter_invitations (employer_id);

CREATE INDEX ix_users_employer_id ON users (employer_id);
