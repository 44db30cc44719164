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

