-- 0017: pushes by major (推送专业对口岗位) and reminders of unread resumes (issue 16, items 3 and 4).
-- The Ministry's catalogues of majors (seeds/majors.csv, loaded at start-up); positions matched to
-- graduates by major, waiting until each graduate's daily allowance lets them through; graduates'
-- muting; the start-of-day release one node does; and the reminders sent once per unread application.

CREATE TABLE majors (
    level character varying(20) NOT NULL,
    code character varying(10) NOT NULL,
    name character varying(50) NOT NULL,
    discipline_code character varying(2) NOT NULL,
    discipline character varying(30) NOT NULL,
    category_code character varying(4) NOT NULL,
    category character varying(30) NOT NULL,
    CONSTRAINT pk_majors PRIMARY KEY (level, code)
);

CREATE INDEX ix_majors_name ON majors (name);
CREATE INDEX ix_majors_category_code ON majors (category_code);

CREATE TABLE recommendations (
    id uuid NOT NULL,
    student_id uuid NOT NULL,
    position_id uuid NOT NULL,
    fair_id uuid NOT NULL,
    match character varying(10) NOT NULL,
    major character varying(100) NOT NULL,
    category character varying(30),
    shared_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    pushed_at timestamp with time zone,
    seen_at timestamp with time zone,
    CONSTRAINT pk_recommendations PRIMARY KEY (id),
    CONSTRAINT ck_recommendations_match CHECK (match IN ('exact', 'category')),
    CONSTRAINT fk_recommendations_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE CASCADE,
    CONSTRAINT fk_recommendations_positions_position_id FOREIGN KEY (position_id) REFERENCES positions (id) ON DELETE CASCADE,
    CONSTRAINT fk_recommendations_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

-- Never the same position twice to one graduate.
CREATE UNIQUE INDEX ix_recommendations_student_id_position_id ON recommendations (student_id, position_id);
CREATE INDEX ix_recommendations_student_id_pushed_at ON recommendations (student_id, pushed_at);
CREATE INDEX ix_recommendations_waiting ON recommendations (student_id) WHERE pushed_at IS NULL;
CREATE INDEX ix_recommendations_position_id ON recommendations (position_id);
CREATE INDEX ix_recommendations_fair_id ON recommendations (fair_id);

-- A graduate's pushes per day (Asia/Shanghai); the cap holds whatever races.
CREATE TABLE push_days (
    student_id uuid NOT NULL,
    day date NOT NULL,
    pushed integer NOT NULL,
    CONSTRAINT pk_push_days PRIMARY KEY (student_id, day),
    CONSTRAINT ck_push_days_cap CHECK (pushed BETWEEN 0 AND 5),
    CONSTRAINT fk_push_days_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

CREATE TABLE push_preferences (
    student_id uuid NOT NULL,
    muted boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_push_preferences PRIMARY KEY (student_id),
    CONSTRAINT fk_push_preferences_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

-- One row per day: the node that inserted it releases that day's waiting pushes.
CREATE TABLE push_releases (
    day date NOT NULL,
    node character varying(100) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    released integer NOT NULL,
    CONSTRAINT pk_push_releases PRIMARY KEY (day)
);

-- An application reminded of once, whichever node found it.
CREATE TABLE application_reminders (
    application_id uuid NOT NULL,
    reminded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_application_reminders PRIMARY KEY (application_id),
    CONSTRAINT fk_application_reminders_applications_application_id FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE CASCADE
);
