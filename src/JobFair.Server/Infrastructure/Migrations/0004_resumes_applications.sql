-- 0004: PDF resumes and their read audit, applications with their transitions, idempotency keys.

CREATE TABLE idempotency_keys (
    user_id uuid NOT NULL,
    route character varying(200) NOT NULL,
    key character varying(100) NOT NULL,
    request_hash character varying(64) NOT NULL,
    status_code integer,
    response_body text,
    content_type character varying(100),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (user_id, route, key)
);

CREATE TABLE resumes (
    id uuid NOT NULL,
    student_id uuid NOT NULL,
    title character varying(100) NOT NULL,
    size integer NOT NULL,
    content bytea NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT pk_resumes PRIMARY KEY (id),
    CONSTRAINT fk_resumes_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
);

CREATE TABLE applications (
    id uuid NOT NULL,
    student_id uuid NOT NULL,
    university_id uuid NOT NULL,
    position_id uuid NOT NULL,
    employer_id uuid NOT NULL,
    fair_id uuid NOT NULL,
    resume_id uuid NOT NULL,
    resume_title character varying(100) NOT NULL,
    status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_applications PRIMARY KEY (id),
    CONSTRAINT fk_applications_fairs_fair_id FOREIGN KEY (fair_id) REFERENCES fairs (id) ON DELETE RESTRICT,
    CONSTRAINT fk_applications_positions_position_id FOREIGN KEY (position_id) REFERENCES positions (id) ON DELETE RESTRICT,
    CONSTRAINT fk_applications_resumes_resume_id FOREIGN KEY (resume_id) REFERENCES resumes (id) ON DELETE RESTRICT,
    CONSTRAINT fk_applications_students_student_id FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE RESTRICT
);

CREATE TABLE resume_reads (
    id uuid NOT NULL,
    resume_id uuid NOT NULL,
    reader_id uuid NOT NULL,
    reader_role character varying(20) NOT NULL,
    employer_id uuid,
    university_id uuid,
    at timestamp with time zone NOT NULL,
    CONSTRAINT pk_resume_reads PRIMARY KEY (id),
    CONSTRAINT fk_resume_reads_resumes_resume_id FOREIGN KEY (resume_id) REFERENCES resumes (id) ON DELETE CASCADE
);

CREATE TABLE application_transitions (
    id uuid NOT NULL,
    application_id uuid NOT NULL,
    from_status character varying(20) NOT NULL,
    to_status character varying(20) NOT NULL,
    by_user_id uuid NOT NULL,
    by_role character varying(20) NOT NULL,
    note character varying(1000),
    at timestamp with time zone NOT NULL,
    CONSTRAINT pk_application_transitions PRIMARY KEY (id),
    CONSTRAINT fk_application_transitions_applications_application_id FOREIGN KEY (application_id) REFERENCES applications (id) ON DELETE CASCADE
);

CREATE INDEX ix_application_transitions_application_id_at ON application_transitions (application_id, at);

CREATE INDEX ix_applications_employer_id_created_at ON applications (employer_id, created_at);

CREATE INDEX ix_applications_fair_id_university_id ON applications (fair_id, university_id);

CREATE UNIQUE INDEX ix_applications_one_signed ON applications (student_id) WHERE status = 'signed';

CREATE INDEX ix_applications_position_id ON applications (position_id);

CREATE INDEX ix_applications_resume_id ON applications (resume_id);

CREATE UNIQUE INDEX ix_applications_student_id_position_id ON applications (student_id, position_id);

CREATE INDEX ix_applications_university_id_created_at ON applications (university_id, created_at);

CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);

CREATE INDEX ix_resume_reads_resume_id_at ON resume_reads (resume_id, at);

CREATE INDEX ix_resumes_student_id ON resumes (student_id);
