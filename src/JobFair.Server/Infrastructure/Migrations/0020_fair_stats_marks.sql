-- 0020: a fair's figures are marked stale by inserting a row, no longer by updating the fair's one
-- fair_stats row. Every event of a busy fair (each application, status change, booking) used to
-- upsert that row, so their consumers queued on its lock one commit after the other, behind the
-- refresher too (874 ms mean per mark under the apply benchmark). Marks only ever insert; the
-- refresher deletes a fair's marks when it counts it, and a fair is due while it has any.

CREATE TABLE fair_stats_marks (
    fair_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    marked_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_fair_stats_marks PRIMARY KEY (fair_id, id),
    CONSTRAINT fk_fair_stats_marks_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE
);
