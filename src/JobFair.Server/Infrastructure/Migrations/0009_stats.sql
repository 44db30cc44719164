-- 0009: fair statistics as a read model. Consumers of the domain events mark a fair's figures
-- stale; FairStatsRefresher recounts stale fairs from the source tables, at most once a second
-- per fair, and publishes the new figures. Pair and national figures add these rows up.

CREATE TABLE fair_stats (
    fair_id uuid NOT NULL,
    employers integer NOT NULL,
    positions integer NOT NULL,
    openings bigint NOT NULL,
    applicants integer NOT NULL,
    applications integer NOT NULL,
    interviews_invited integer NOT NULL,
    interviews_booked integer NOT NULL,
    offers integer NOT NULL,
    signed integer NOT NULL,
    stale_since timestamp with time zone,
    refreshed_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_fair_stats PRIMARY KEY (fair_id),
    CONSTRAINT fk_fair_stats_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE
);

-- The refresher's queue: only stale rows are in it.
CREATE INDEX ix_fair_stats_stale_since ON fair_stats (stale_since) WHERE stale_since IS NOT NULL;

CREATE TABLE fair_university_stats (
    fair_id uuid NOT NULL,
    university_id uuid NOT NULL,
    applicants integer NOT NULL,
    applications integer NOT NULL,
    signed integer NOT NULL,
    CONSTRAINT pk_fair_university_stats PRIMARY KEY (fair_id, university_id),
    CONSTRAINT fk_fair_university_stats_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE
);

-- Fairs that existed before this migration start stale, so the refresher counts them once.
INSERT INTO fair_stats (fair_id, employers, positions, openings, applicants, applications, interviews_invited,
    interviews_booked, offers, signed, stale_since, version)
SELECT id, 0, 0, 0, 0, 0, 0, 0, 0, 0, now(), 0 FROM fairs;
