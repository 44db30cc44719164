using JobFair.Server.Features.Accounts;

namespace JobFair.Server.Features.Guidance;

/// <summary>A centre sets the key groups (重点群体) one of its graduates belongs to; the whole set is replaced.</summary>
public sealed class SetKeyGroups(JobFairDb db, TimeProvider time, IValidator<SetKeyGroups.Request> validator) : IUseCase
{
    public sealed record Request(IReadOnlyList<string>? KeyGroups);

    public sealed record Response(Guid StudentId, IReadOnlyList<string> KeyGroups);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.KeyGroups).NotNull();
            RuleForEach(r => r.KeyGroups).Must(KeyGroups.Codes.Contains)
                .WithMessage("unknown key group; one of " + string.Join(", ", KeyGroups.Codes));
        }
    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/students/{id:guid}/key-groups", (Guid id, Request request, CurrentUser caller, SetKeyGroups set, CancellationToken ct) =>
                set.RunAsync(caller, id, request, ct).ToOk())
            .RequireAuthorization(Policies.Centre)
            .Refuses(Refusal.Invalid("keyGroups", "unknown key group"), LedgerAccess.NotFound)
            .WithSummary("The centre of a graduate's university sets their key groups (an empty list clears them). Audited.");

    public async Task<Outcome<Response>> RunAsync(CurrentUser caller, Guid studentId, Request request, CancellationToken ct)
    {
        if (await validator.CheckAsync(request, ct) is { } invalid) return invalid;
        var found = await db.FindAsync(caller, studentId, ct);
        if (found.IsRefused(out var refusal)) return refusal;
        var (student, reader) = found.Value;
        if (reader.Role != LedgerRole.Centre) return LedgerAccess.NotFound;

        var codes = request.KeyGroups!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two centre members setting the same graduate's groups at once: one after the other, the last one stands.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM students WHERE id = {student.Id} FOR UPDATE", ct);
        await db.StudentKeyGroups.Where(k => k.StudentId == student.Id).ExecuteDeleteAsync(ct);
        db.StudentKeyGroups.AddRange(codes.Select(c => new StudentKeyGroup { StudentId = student.Id, Code = c, SetBy = reader.UserId, SetAt = now }));
        db.AuditLedger(time, reader, "key_groups_set", student.Id, codes.Count == 0 ? "none" : string.Join(",", codes));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Response(student.Id, codes);
    }
}
