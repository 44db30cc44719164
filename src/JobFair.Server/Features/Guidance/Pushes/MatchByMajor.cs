using JobFair.Server.Features.Applications;
using JobFair.Server.Features.Fairs;
using JobFair.Server.Features.Positions;

namespace JobFair.Server.Features.Guidance.Pushes;

/// <summary>
/// Finds who a position is for, or what is for a graduate, and queues it as waiting
/// recommendations, each in one statement however many graduates it reaches. A graduate matches a
/// position when their major is one the position names (exact), or when the catalogue puts it in
/// the category (专业类) of a major the position names, or of a category the position names itself
/// (a posting may ask for 计算机类). Only graduates who claimed their row (they have an account to
/// hear it), have not signed, have not muted pushes and have not applied to the position already.
/// A graduate and a position meet at most once (the unique index), whatever fair brings them together.
/// </summary>
internal static class MatchByMajor
{
    /// <summary>The host universities' graduates a position shared into a fair is for; returns how many were queued.</summary>
    public static Task<int> PositionAsync(JobFairDb db, Guid positionId, Guid fairId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            WITH pos AS (
                SELECT p.id, p.majors, pf.fair_id, pf.shared_at, f.pair_id
                FROM positions p
                JOIN position_fairs pf ON pf.position_id = p.id AND pf.fair_id = {fairId}
                JOIN fairs f ON f.id = pf.fair_id AND f.status = {FairStatus.Published} AND f.ends_at > {now}
                WHERE p.id = {positionId} AND p.status = {PositionStatus.Open} AND (p.closes_at IS NULL OR p.closes_at > {now})
            ), hosts AS (
                SELECT unnest(ARRAY[pr.supported_id, pr.supporting_id]) AS university_id FROM pairs pr JOIN pos ON pos.pair_id = pr.id
            ), wanted AS (
                SELECT DISTINCT m.category_code FROM majors m, pos WHERE m.name = ANY (pos.majors) OR m.category = ANY (pos.majors)
            ), kin AS (
                SELECT m.name, min(m.category) AS category FROM majors m JOIN wanted w USING (category_code) GROUP BY m.name
            )
            INSERT INTO recommendations (id, student_id, position_id, fair_id, match, major, category, shared_at, created_at)
            SELECT gen_random_uuid(), s.id, pos.id, pos.fair_id,
                   CASE WHEN s.major = ANY (pos.majors) THEN {MatchKinds.Exact} ELSE {MatchKinds.Category} END,
                   s.major, CASE WHEN s.major = ANY (pos.majors) THEN NULL ELSE k.category END, pos.shared_at, {now}
            FROM pos
            CROSS JOIN students s
            LEFT JOIN kin k ON k.name = s.major
            WHERE s.university_id IN (SELECT university_id FROM hosts) AND s.user_id IS NOT NULL
              AND (s.major = ANY (pos.majors) OR k.name IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM applications a
                              WHERE a.student_id = s.id AND (a.status = {ApplicationStatus.Signed} OR a.position_id = pos.id))
              AND NOT EXISTS (SELECT 1 FROM push_preferences pp WHERE pp.student_id = s.id AND pp.muted)
            ON CONFLICT (student_id, position_id) DO NOTHING
            """, ct);

    /// <summary>The open positions of a graduate's fairs (published, not ended, hosted by their university) that are for them.</summary>
    public static Task<int> StudentAsync(JobFairDb db, Guid studentId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            WITH me AS (
                SELECT s.id, s.major, s.university_id FROM students s
                WHERE s.id = {studentId} AND s.user_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id = s.id AND a.status = {ApplicationStatus.Signed})
                  AND NOT EXISTS (SELECT 1 FROM push_preferences pp WHERE pp.student_id = s.id AND pp.muted)
            ), mine AS (
                SELECT DISTINCT m.category_code, m.category FROM majors m JOIN me ON m.name = me.major
            ), kin AS (
                SELECT k.name, mine.category FROM majors k JOIN mine USING (category_code)
                UNION SELECT mine.category, mine.category FROM mine
            ), offers AS (
                SELECT DISTINCT ON (p.id) p.id, p.majors, pf.fair_id, pf.shared_at
                FROM me
                JOIN pairs pr ON me.university_id IN (pr.supported_id, pr.supporting_id)
                JOIN fairs f ON f.pair_id = pr.id AND f.status = {FairStatus.Published} AND f.ends_at > {now}
                JOIN position_fairs pf ON pf.fair_id = f.id
                JOIN positions p ON p.id = pf.position_id AND p.status = {PositionStatus.Open} AND (p.closes_at IS NULL OR p.closes_at > {now})
                WHERE p.majors && ((SELECT array_agg(name::text) FROM kin) || ARRAY[me.major::text])
                  AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id = me.id AND a.position_id = p.id)
                ORDER BY p.id, pf.shared_at
            )
            INSERT INTO recommendations (id, student_id, position_id, fair_id, match, major, category, shared_at, created_at)
            SELECT gen_random_uuid(), me.id, o.id, o.fair_id,
                   CASE WHEN me.major = ANY (o.majors) THEN {MatchKinds.Exact} ELSE {MatchKinds.Category} END, me.major,
                   CASE WHEN me.major = ANY (o.majors) THEN NULL
                        ELSE (SELECT min(k.category) FROM kin k WHERE k.name = ANY (o.majors)) END,
                   o.shared_at, {now}
            FROM me CROSS JOIN offers o
            ON CONFLICT (student_id, position_id) DO NOTHING
            """, ct);
}
