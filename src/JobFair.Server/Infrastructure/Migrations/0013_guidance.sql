-- 0013: guidance (issue 16 part A): counsellors (辅导员) of a university, counsellor pairs across a
-- 一帮一 pair, and the 一人一策 ledger: graduates a centre assigns to a counsellor, the key groups
-- a centre flags, and each graduate's plan (actions, notes, contacts, advice). Every read and
-- change of a ledger entry is recorded in audit_entries (0010), not here.

CREATE TABLE counsellors (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    university_id uuid NOT NULL,
    name character varying(50) NOT NULL,
    department character varying(100) NOT NULL,
    majors text[] NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_counsellors PRIMARY KEY (id),
    CONSTRAINT fk_counsellors_universities_university_id FOREIGN KEY (university_id) REFERENCES universities (id) ON DELETE RESTRICT,
    CONSTRAINT fk_counsellors_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_counsellors_user_id ON counsellors (user_id);
CREATE INDEX ix_counsellors_university_id ON counsellors (university_id);

-- A counsellor has at most one partner per 一帮一 pair, whichever side they are on: the two unique
-- indexes settle two centres pairing the same counsellor at once.
CREATE TABLE counsellor_pairs (
    id uuid NOT NULL,
    pair_id uuid NOT NULL,
    supported_counsellor_id uuid NOT NULL,
    supporting_counsellor_id uuid NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_counsellor_pairs PRIMARY KEY (id),
    CONSTRAINT fk_counsellor_pairs_counsellors_supported_counsellor_id FOREIGN KEY (supported_counsellor_id) REFERENCES counsellors (id) ON DELETE CASCADE,
    CONSTRAINT fk_counsellor_pairs_counsellors_supporting_counsellor_id FOREIGN KEY (supporting_counsellor_id) REFERENCES counsellors (id) ON DELETE CASCADE,
    CONSTRAINT fk_counsellor_pairs_pairs_pair_id FOREIGN KEY (pair_id) REFERENCES pairs (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_counsellor_pairs_pair_id_supported_counsellor_id ON counsellor_pairs (pair_id, supported_counsellor_id);
CREATE UNIQUE INDEX ix_counsellor_pairs_pair_id_supporting_counsellor_id ON counsellor_pairs (pair_id, supporting_counsellor_id);
CREATE INDEX ix_counsellor_pairs_supported_counsellor_id ON counsellor_pairs (supported_counsellor_id);
CREATE INDEX ix_counsellor_pairs_supporting_counsellor_id ON counsellor_pairs (supporting_counsellor_id);

CREATE TABLE ledger_assignments (
    counsellor_id uuid NOT NULL,
    student_id uuid NOT NULL,
    assigned_by uuid NOT NULL,
    assigned_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_ledger_assignments PRIMARY KEY (counsellor_id, student_id),
    CONSTRAINT fk_ledger_assignments_counsellors_counsellor_id FOREIGN KEY (counsellor_id) REFERENCES counsellors (id) ON DELETE CASCADE,
    CONSTRAINT fk_ledger_assignments_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

CREATE INDEX ix_ledger_assignments_student_id ON ledger_assignments (student_id);

CREATE TABLE student_key_groups (
    student_id uuid NOT NULL,
    code character varying(30) NOT NULL,
    set_by uuid NOT NULL,
    set_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_student_key_groups PRIMARY KEY (student_id, code),
    CONSTRAINT fk_student_key_groups_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

-- One table for the four kinds of plan line; the check keeps each kind's columns to itself.
CREATE TABLE plan_entries (
    id uuid NOT NULL,
    student_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    text character varying(2000) NOT NULL,
    due_at timestamp with time zone,
    done_at timestamp with time zone,
    done_by uuid,
    contacted_at timestamp with time zone,
    channel character varying(20),
    position_id uuid,
    author_id uuid NOT NULL,
    author_university_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_plan_entries PRIMARY KEY (id),
    CONSTRAINT ck_plan_entries_kind CHECK (
        (kind = 'action' AND due_at IS NOT NULL AND contacted_at IS NULL AND channel IS NULL AND position_id IS NULL)
        OR (kind = 'note' AND due_at IS NULL AND done_at IS NULL AND contacted_at IS NULL AND channel IS NULL AND position_id IS NULL)
        OR (kind = 'contact' AND contacted_at IS NOT NULL AND channel IN ('phone', 'wechat', 'meeting')
            AND due_at IS NULL AND done_at IS NULL AND position_id IS NULL)
        OR (kind = 'advice' AND due_at IS NULL AND done_at IS NULL AND contacted_at IS NULL AND channel IS NULL)),
    CONSTRAINT fk_plan_entries_counsellors_author_id FOREIGN KEY (author_id) REFERENCES counsellors (id) ON DELETE RESTRICT,
    CONSTRAINT fk_plan_entries_positions_position_id FOREIGN KEY (position_id) REFERENCES positions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_plan_entries_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

CREATE INDEX ix_plan_entries_student_id_created_at ON plan_entries (student_id, created_at);
CREATE INDEX ix_plan_entries_author_id ON plan_entries (author_id);
CREATE INDEX ix_plan_entries_position_id ON plan_entries (position_id);
-- The ledger asks of each graduate: how many actions are open (and overdue), and when they were last contacted.
CREATE INDEX ix_plan_entries_open_actions ON plan_entries (student_id, due_at) WHERE kind = 'action' AND done_at IS NULL;
CREATE INDEX ix_plan_entries_contacts ON plan_entries (student_id, contacted_at) WHERE kind = 'contact';
