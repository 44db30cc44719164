-- 0014: walk-up booths and their lines (issue 17). The rules that hundreds of students joining at
-- once and several recruiters calling at once must not break are settled here, not in the code:
--   no two students hold the same place       ix_booth_queue_entries_one_place_per_ticket (tickets
--                                              are handed out under the booth row's lock, in order)
--   a student waits once in a line            ix_booth_queue_entries_one_waiting_per_booth
--   a student waits in at most three lines    ix_booth_queue_entries_three_lines_per_student with
--                                              ck_booth_queue_entries_holder_slot (slots 1..3)
-- Two recruiters pressing "next" take different entries with FOR UPDATE SKIP LOCKED.
-- A place is not stored: it is the number of waiting tickets up to one's own.

CREATE TABLE booths (
    fair_id uuid NOT NULL,
    employer_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    cap integer NOT NULL,
    minutes_per_talk integer NOT NULL,
    last_ticket bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by uuid NOT NULL,
    CONSTRAINT pk_booths PRIMARY KEY (fair_id, employer_id),
    CONSTRAINT ck_booths_cap CHECK (cap BETWEEN 1 AND 2000),
    CONSTRAINT ck_booths_minutes_per_talk CHECK (minutes_per_talk BETWEEN 1 AND 120),
    CONSTRAINT ck_booths_status CHECK (status IN ('open', 'paused', 'closed')),
    CONSTRAINT fk_booths_employers_employer_id FOREIGN KEY (employer_id) REFERENCES employers (id) ON DELETE CASCADE,
    CONSTRAINT fk_booths_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE
);

CREATE INDEX ix_booths_employer_id ON booths (employer_id);

CREATE TABLE booth_queue_entries (
    id uuid NOT NULL,
    fair_id uuid NOT NULL,
    employer_id uuid NOT NULL,
    student_id uuid NOT NULL,
    ticket bigint NOT NULL,
    holder_slot smallint NOT NULL,
    status character varying(20) NOT NULL,
    reason character varying(20),
    joined_at timestamp with time zone NOT NULL,
    called_at timestamp with time zone,
    called_by uuid,
    call_expires_at timestamp with time zone,
    entered_at timestamp with time zone,
    talk_ended_at timestamp with time zone,
    ended_at timestamp with time zone,
    CONSTRAINT pk_booth_queue_entries PRIMARY KEY (id),
    CONSTRAINT ck_booth_queue_entries_holder_slot CHECK (holder_slot BETWEEN 1 AND 3),
    CONSTRAINT ck_booth_queue_entries_status CHECK (status IN ('waiting', 'called', 'served', 'skipped', 'departed')),
    CONSTRAINT fk_booth_queue_entries_booths_fair_id_employer_id FOREIGN KEY (fair_id, employer_id)
        REFERENCES booths (fair_id, employer_id) ON DELETE CASCADE,
    CONSTRAINT fk_booth_queue_entries_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_booth_queue_entries_one_place_per_ticket ON booth_queue_entries (fair_id, employer_id, ticket);
CREATE UNIQUE INDEX ix_booth_queue_entries_one_waiting_per_booth ON booth_queue_entries (fair_id, employer_id, student_id)
    WHERE status = 'waiting';
CREATE UNIQUE INDEX ix_booth_queue_entries_three_lines_per_student ON booth_queue_entries (student_id, holder_slot)
    WHERE status = 'waiting';
-- Calls that may expire, and a recruiter's talks in progress.
CREATE INDEX ix_booth_queue_entries_call_expires_at ON booth_queue_entries (call_expires_at) WHERE status = 'called';
CREATE INDEX ix_booth_queue_entries_called_by ON booth_queue_entries (called_by) WHERE status = 'called';
-- A booth's recent talks (its wait estimate), and a student's entries.
CREATE INDEX ix_booth_queue_entries_fair_id_employer_id_talk_ended_at ON booth_queue_entries (fair_id, employer_id, talk_ended_at)
    WHERE status = 'served';
CREATE INDEX ix_booth_queue_entries_student_id_joined_at ON booth_queue_entries (student_id, joined_at);
