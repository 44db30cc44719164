-- 0016: roster claims need one-time activation codes and can be released; employers can be
-- suspended; sign-in failures are counted per account and address (issue 11, items 2-4).

-- Roster rows: the current activation code, as a hash only (ActivationCodes.Hash), and its expiry.
ALTER TABLE students ADD COLUMN activation_code_hash bytea;
ALTER TABLE students ADD COLUMN activation_code_expires_at timestamp with time zone;

-- A released claim keeps its row (and everything done under it); the graduate continues on a
-- fresh row with the same student number, so the number is unique among rows not released.
ALTER TABLE students ADD COLUMN released_at timestamp with time zone;
DROP INDEX ix_students_university_id_student_no;
CREATE UNIQUE INDEX ix_students_university_id_student_no ON students (university_id, student_no) WHERE released_at IS NULL;

-- An application is made only under a claim that is still in force. A release holds its row
-- FOR UPDATE; an application racing it waits here, then sees the row released and is refused
-- (ApplicationConfiguration.ByClaimedStudent), instead of landing after the release withdrew the rest.
CREATE FUNCTION jf_applications_claimed_student() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM students WHERE id = NEW.student_id AND released_at IS NULL FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the roster claim of student % has been released', NEW.student_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_applications_claimed_student';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER tr_applications_claimed_student BEFORE INSERT ON applications
FOR EACH ROW EXECUTE FUNCTION jf_applications_claimed_student();

-- Employers the admin has suspended, and why.
ALTER TABLE employers ADD COLUMN suspended_at timestamp with time zone;
ALTER TABLE employers ADD COLUMN suspension_reason character varying(500);

-- Keyword search reads only search_entries (0007), so a suspended employer's entries are listed
-- until -infinity, like a closed posting's, and get their dates back on reinstatement. The
-- triggers of 0007 learn the employer's standing; a new one follows suspensions.
CREATE FUNCTION jf_listed_until(status text, closes_at timestamptz, suspended_at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN suspended_at IS NULL THEN jf_open_until(status, closes_at) ELSE '-infinity' END
$$;

CREATE OR REPLACE FUNCTION jf_search_entries_share() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_entries (position_id, fair_id, shared_at, open_until, head_vector, search_vector)
  SELECT n.position_id, n.fair_id, n.shared_at, jf_listed_until(p.status, p.closes_at, x.suspended_at),
         jf_head_vector(p.title, p.employer_name),
         jf_entry_vector(p.title, p.employer_name, p.majors, p.city, p.description, p.degree, p.employer_id, n.fair_id)
  FROM shared n JOIN positions p ON p.id = n.position_id JOIN employers x ON x.id = p.employer_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION jf_search_entries_edit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_entries e
  SET open_until = jf_listed_until(NEW.status, NEW.closes_at, (SELECT x.suspended_at FROM employers x WHERE x.id = NEW.employer_id)),
      head_vector = jf_head_vector(NEW.title, NEW.employer_name),
      search_vector = jf_entry_vector(NEW.title, NEW.employer_name, NEW.majors, NEW.city, NEW.description, NEW.degree,
                                      NEW.employer_id, e.fair_id)
  WHERE e.position_id = NEW.id;
  RETURN NULL;
END $$;

CREATE FUNCTION jf_search_entries_standing() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_entries e
  SET open_until = jf_listed_until(p.status, p.closes_at, NEW.suspended_at)
  FROM positions p
  WHERE p.employer_id = NEW.id AND e.position_id = p.id;
  RETURN NULL;
END $$;

CREATE TRIGGER tr_employers_search_entries AFTER UPDATE OF suspended_at ON employers
FOR EACH ROW WHEN (OLD.suspended_at IS DISTINCT FROM NEW.suspended_at) EXECUTE FUNCTION jf_search_entries_standing();

-- Failed sign-ins per account (a hash of the address typed) and client address (SignInGuard).
CREATE TABLE sign_in_failures (
    account character varying(64) NOT NULL,
    address character varying(64) NOT NULL,
    failures integer NOT NULL,
    first_at timestamp with time zone NOT NULL,
    last_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone,
    CONSTRAINT pk_sign_in_failures PRIMARY KEY (account, address)
);

CREATE INDEX ix_sign_in_failures_last_at ON sign_in_failures (last_at);

-- Identity's lockout, per account alone, is off (JobFairUserManager): nobody stays locked by it.
UPDATE users SET lockout_enabled = false, lockout_end = NULL, access_failed_count = 0;
