-- 0026: a posting shared or edited while its employer is being suspended or reinstated gets the standing that
-- commits. The triggers of 0016 read employers.suspended_at without a lock: a share beside an uncommitted
-- suspension wrote a listed entry that the suspension's trigger could not see, and an edit computed "listed"
-- before waiting for the entry the suspension had locked, then wrote it back. Either entry stayed listed, in
-- keyword search and (since 0025) in the list's total, for as long as the suspension lasted. Both triggers now
-- lock the employer's row first (FOR SHARE, which a suspension's update waits for and which waits for it):
-- the edit reads the standing with that lock, the share in its next statement, which sees what committed.
CREATE OR REPLACE FUNCTION jf_search_entries_share() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM employers x
  WHERE x.id IN (SELECT p.employer_id FROM shared n JOIN positions p ON p.id = n.position_id)
  ORDER BY x.id FOR SHARE;
  INSERT INTO search_entries (position_id, fair_id, shared_at, open_until, head_vector, search_vector)
  SELECT n.position_id, n.fair_id, n.shared_at, jf_listed_until(p.status, p.closes_at, x.suspended_at),
         jf_head_vector(p.title, p.employer_name),
         jf_entry_vector(p.title, p.employer_name, p.majors, p.city, p.description, p.degree, p.employer_id, n.fair_id)
  FROM shared n JOIN positions p ON p.id = n.position_id JOIN employers x ON x.id = p.employer_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION jf_search_entries_edit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  suspended timestamptz;
BEGIN
  -- Locked and read at once: after waiting for a suspension, the row read is the one it committed.
  SELECT x.suspended_at INTO suspended FROM employers x WHERE x.id = NEW.employer_id FOR SHARE;
  UPDATE search_entries e
  SET open_until = jf_listed_until(NEW.status, NEW.closes_at, suspended),
      head_vector = jf_head_vector(NEW.title, NEW.employer_name),
      search_vector = jf_entry_vector(NEW.title, NEW.employer_name, NEW.majors, NEW.city, NEW.description, NEW.degree,
                                      NEW.employer_id, e.fair_id)
  WHERE e.position_id = NEW.id;
  RETURN NULL;
END $$;
