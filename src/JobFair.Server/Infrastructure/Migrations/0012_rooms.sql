-- 0012: the video-interview room (issue 14). Rooms are keyed by a room id (a booking's room is
-- its booking id; other kinds of room, such as a walk-up booth talk, use their own ids), so the
-- room tables carry no foreign key to bookings.

-- A recruiter may give a running interview 5 more minutes, as long as it does not reach into
-- their next slot: the recruiter's no-overlap constraint now counts the extension, so PostgreSQL
-- refuses an extension into the next slot and a new slot inside an extension alike.
ALTER TABLE interview_slots ADD extended_to timestamp with time zone;
ALTER TABLE interview_slots ADD CONSTRAINT ck_interview_slots_extension CHECK (extended_to IS NULL OR extended_to > ends_at);
ALTER TABLE interview_slots DROP CONSTRAINT ex_interview_slots_recruiter_overlap;
ALTER TABLE interview_slots ADD CONSTRAINT ex_interview_slots_recruiter_overlap
    EXCLUDE USING gist (recruiter_id WITH =, tstzrange(starts_at, coalesce(extended_to, ends_at)) WITH &&);

-- Who was in the room when: one row per stay of one side on one hub connection. An open row
-- (left_at null) is presence; the rows together propose the recruiter's completed / no-show.
CREATE TABLE room_visits (
    id uuid NOT NULL,
    room_id uuid NOT NULL,
    side character varying(20) NOT NULL,
    user_id uuid NOT NULL,
    connection_id character varying(100) NOT NULL,
    joined_at timestamp with time zone NOT NULL,
    left_at timestamp with time zone,
    CONSTRAINT pk_room_visits PRIMARY KEY (id)
);

CREATE INDEX ix_room_visits_room_id_side ON room_visits (room_id, side);
CREATE INDEX ix_room_visits_connection_id ON room_visits (connection_id) WHERE left_at IS NULL;

-- The room's text chat, kept for both sides to read afterwards. No audio or video is recorded.
CREATE TABLE room_chat_lines (
    id uuid NOT NULL,
    room_id uuid NOT NULL,
    side character varying(20) NOT NULL,
    user_id uuid NOT NULL,
    text character varying(1000) NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_room_chat_lines PRIMARY KEY (id)
);

CREATE INDEX ix_room_chat_lines_room_id_sent_at ON room_chat_lines (room_id, sent_at);

-- A reminder 15 minutes before a room's start, sent once per start whichever node gets there first.
CREATE TABLE room_reminders (
    room_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_room_reminders PRIMARY KEY (room_id, starts_at)
);

-- The reminder job looks for bookings about to start.
CREATE INDEX ix_interview_bookings_starts_at ON interview_bookings (starts_at) WHERE status = 'booked';
