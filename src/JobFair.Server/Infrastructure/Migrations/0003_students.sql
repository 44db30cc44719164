
CREATE TABLE students (
    id uuid NOT NULL,
    university_id uuid NOT NULL,
    student_no character varying(32) NOT NULL,
    name character varying(50) NOT NULL,
    major character varying(100) NOT NULL,
    degree character varying(20) NOT NULL,
    graduation_year integer NOT NULL,
    user_id uuid,
    phone character varying(20),
    claimed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_students PRIMARY KEY (id),
    CONSTRAINT fk_students_universities_university_id FOREIGN KEY (university_id) REFERENCES universities (id) ON DELETE RESTRICT,
    CONSTRAINT fk_students_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE UNIQUE INDEX ix_students_university_id_student_no ON students (university_id, student_no);

CREATE UNIQUE INDEX ix_students_user_id ON students (user_id) WHERE user_id IS NOT NULL;
