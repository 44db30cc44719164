-- 0029: a fair's interview bookings in every state. The fair's breakdown counts them by state (GetFairBreakdown),
-- and the only index on fair_id held the booked ones alone (0006), so it read every booking of every fair. One index on
-- (fair, state) serves the breakdown and the recount's booked ones alike.
CREATE INDEX ix_interview_bookings_fair_id_status ON interview_bookings (fair_id, status);
DROP INDEX ix_interview_bookings_fair_id;
