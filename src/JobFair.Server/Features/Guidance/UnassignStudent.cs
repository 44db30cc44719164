using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A centre takes a graduate it assigned off a counsellor's ledger (those of the counsellor's majors stay).</summary>
public sealed class UnassignStudent(JobFairDb db, TimeProvider time) : IUseCase
{
    public static readonly Refusal NoSuchAssignment = Refusal.NotFound("assignment");

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/counsellors/{id:guid}/students/{studentId:guid}", (Guid id, Guid studentId, CurrentUser caller, UnassignStudent unassign,
                CancellationToken ct) => unassign.RunAsync(caller, id, studentId, ct).ToNoContent())
            .RequireAuthorization(Policies.Centre)
            .Refuses(NoSuchAssignment)
            .WithSummary("A centre takes an assigned graduate off a counsellor's ledger. Audited.");

    public async Task<Refusal?> RunAsync(CurrentUser caller, Guid counsellorId, Guid studentId, CancellationToken ct)
    {
        var university = await caller.CentreUniversityAsync(ct);
        if (university is null) return NoSuchAssignment;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.LedgerAssignments
            .Where(a => a.CounsellorId == counsellorId && a.StudentId == studentId &&
                        db.Counsellors.Any(c => c.Id == counsellorId && c.UniversityId == university))
            .ExecuteDeleteAsync(ct);
        if (removed == 0) return NoSuchAssignment;
        db.AuditLedger(time, new LedgerReader(caller.Id!.Value, LedgerRole.Centre, null, null), "ledger_unassigned", studentId,
            $"counsellor {counsellorId}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
