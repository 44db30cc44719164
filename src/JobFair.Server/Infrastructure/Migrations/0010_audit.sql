-- 0010: the counsellor role, and one audit trail for sensitive acts that are not resume reads (those stay in resume_reads):
-- releasing a roster claim, suspending or transferring an employer, reading or changing a
-- 一人一策 ledger entry. Rows are only ever added.

CREATE TABLE audit_entries (
    id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_id uuid,
    actor_role character varying(20) NOT NULL,
    action character varying(50) NOT NULL,
    subject_type character varying(30) NOT NULL,
    subject_id uuid NOT NULL,
    detail character varying(2000),
    CONSTRAINT pk_audit_entries PRIMARY KEY (id)
);

CREATE INDEX ix_audit_entries_subject_type_subject_id_at ON audit_entries (subject_type, subject_id, at);
CREATE INDEX ix_audit_entries_actor_id_at ON audit_entries (actor_id, at);

-- The fifth role of the contract: graduate counsellors (辅导员), issue 16.
INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES
  ('00000000-0000-7000-8000-000000000005', 'counsellor', 'COUNSELLOR', '1');
