using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Students;

/// <summary>
/// A centre issues a new one-time activation code for one unclaimed row of its roster (a lost or
/// expired code); the row's earlier code stops working. The code is shown in this answer only.
/// </summary>
public sealed class IssueActivationCode(JobFairDb db, TimeProvider time) : IUseCase
{
    public sealed record Response(string StudentNo, string Name, string Code, DateTimeOffset ExpiresAt);
    private sealed record Issued(Guid Id, string Name);

    public static readonly Refusal NotOnRoster = Refusal.NotFound("roster row");
    public static readonly Refusal AlreadyClaimed =
        Refusal.Conflict("already_claimed", "This roster row has been claimed; release the claim first if it was not the graduate.");

    // No Idempotency-Key: a stored answer would keep the code readable.
    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/universities/{id:guid}/roster/{studentNo}/activation-code", (Guid id, string studentNo, CurrentUser caller,
                IssueActivationCode issue, CancellationToken ct) =>
                issue.RunAsync(caller, id, studentNo, ct).ToCreated(c => $"/api/universities/{id}/roster/{Uri.EscapeDataString(c.StudentNo)}/activation-code"))
            .RequireAuthorization(Policies.Centre)
            .Refuses(ImportRoster.NotOwnUniversity, NotOnRoster, AlreadyClaimed)
            .WithSummary("A centre issues a new one-time activation code (valid 30 days) for an unclaimed row of its roster, " +
                         "replacing the row's earlier code; the code is shown only in this answer.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid universityId, string studentNo, CancellationToken ct)
    {
        if (await caller.CentreUniversityAsync(ct) != universityId) return ImportRoster.NotOwnUniversity;
        var now = time.GetUtcNow();
        var code = ActivationCodes.New();
        var expiresAt = now + ActivationCodes.ValidFor;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issued = await db.Database.SqlQuery<Issued>($"""
            UPDATE students SET activation_code_hash = {ActivationCodes.Hash(universityId, studentNo, code)},
                                activation_code_expires_at = {expiresAt}, updated_at = {now}
            WHERE university_id = {universityId} AND student_no = {studentNo} AND released_at IS NULL AND user_id IS NULL
            RETURNING id AS "Id", name AS "Name"
            """).ToListAsync(ct);
        if (issued is not [var (studentId, name)])
            return await db.Students.AnyAsync(s => s.UniversityId == universityId && s.StudentNo == studentNo && s.ReleasedAt == null, ct)
                ? AlreadyClaimed
                : NotOnRoster;
        db.Audit(time, caller.Id, Roles.Centre, "activation_code_issued", "student", studentId, $"student number {studentNo}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Response(studentNo, name, code, expiresAt);
    }
}
