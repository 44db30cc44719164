-- 0006: video-interview slots and their bookings. The rules that hundreds of students racing for
-- the same seats must not break are constraints here, not checks in the code:
--   a recruiter's own slots never overlap          ex_interview_slots_recruiter_overlap
--   a slot never holds more bookings than seats    ck_interview_slots_seats (+ a conditional UPDATE)
--   one booking per application                    ix_interview_bookings_one_per_application
--   a student never holds two overlapping bookings ex_interview_bookings_student_overlap
-- btree_gist lets an exclusion constraint compare a uuid with = beside a range with &&; it is a
-- trusted extension, so the database owner may create it.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE interview_slots (
    id uuid NOT NULL,
    position_id uuid NOT NULL,
    employer_id uuid NOT NULL,
    recruiter_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    capacity integer NOT NULL,
    booked integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_interview_slots PRIMARY KEY (id),
    CONSTRAINT fk_interview_slots_positions_position_id FOREIGN KEY (position_id) REFERENCES positions (id) ON DELETE RESTRICT,
    CONSTRAINT ck_interview_slots_period CHECK (ends_at > starts_at),
    CONSTRAINT ck_interview_slots_seats CHECK (capacity >= 1 AND booked >= 0 AND booked <= capacity),
    CONSTRAINT ex_interview_slots_recruiter_overlap
        EXCLUDE USING gist (recruiter_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

CREATE INDEX ix_interview_slots_position_id_starts_at ON interview_slots (position_id, starts_at);

CREATE TABLE interview_bookings (
    id uuid NOT NULL,
    slot_id uuid NOT NULL,
    application_id uuid NOT NULL,
    student_id uuid NOT NULL,
    position_id uuid NOT NULL,
    employer_id uuid NOT NULL,
    fair_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    status character varying(20) NOT NULL,
    late_cancel boolean NOT NULL,
    cancelled_by character varying(20),
    sequence integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_interview_bookings PRIMARY KEY (id),
    CONSTRAINT fk_interview_bookings_interview_slots_slot_id FOREIGN KEY (slot_id) REFERENCES interview_slots (id) ON DELETE RESTRICT,
    CONSTRAINT fk_interview_bookings_applications_application_id FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE RESTRICT,
    -- Checked at commit, after the seat was taken: a booking that is both full and overlapping is
    -- refused as slot_full, the order the contract gives.
    CONSTRAINT ex_interview_bookings_student_overlap
        EXCLUDE USING gist (student_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'booked')
        DEFERRABLE INITIALLY DEFERRED
);

CREATE UNIQUE INDEX ix_interview_bookings_one_per_application ON interview_bookings (application_id) WHERE status <> 'cancelled';
CREATE INDEX ix_interview_bookings_slot_id ON interview_bookings (slot_id);
CREATE INDEX ix_interview_bookings_student_id_starts_at ON interview_bookings (student_id, starts_at);
CREATE INDEX ix_interview_bookings_employer_id_starts_at ON interview_bookings (employer_id, starts_at);
CREATE INDEX ix_interview_bookings_fair_id ON interview_bookings (fair_id) WHERE status = 'booked';
