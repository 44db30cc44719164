using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobFair.Server.Infrastructure;

/// <summary>The first answer to a create request that carried an Idempotency-Key.</summary>
public sealed class IdempotencyRecord
{
    public Guid UserId { get; init; }
    public required string Route { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    /// <summary>Null while the first request is still being handled.</summary>
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? ContentType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(r => new { r.UserId, r.Route, r.Key });
        b.Property(r => r.Route).HasMaxLength(200);
        b.Property(r => r.Key).HasMaxLength(100);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(100);
        b.HasIndex(r => r.CreatedAt);
    }
}

/// <summary>How long an Idempotency-Key is remembered, and how often forgotten keys are swept.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>A retry later than this after the first request is a new request (clients retry within minutes).</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Idempotency-Key for create routes, scoped to the caller and route: a retry with the same key
/// and body gets the first answer again and creates nothing; the same key with another body is
/// 422 idempotency_key_reused. The key is claimed, the handler runs and its answer is stored in one
/// <see cref="EnclosingTransaction"/>: a request that fails or dies anywhere (even between the
/// handler's commit and the answer's write) leaves neither its change nor the key, so its retry
/// runs afresh; one that succeeds leaves both. A racing retry waits on the claimed key's row until
/// the first request has committed (then replays its answer) or rolled back (then runs itself).
/// </summary>
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";
    /// <summary>How long a retry waits for a first request still running with its key.</summary>
    private const string WaitForFirst = "10s";

    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration("Idempotency");
        services.AddHostedService<IdempotencyKeyPurger>();
        return services;
    }

    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) => builder.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values)) return await next(context);
        var key = values.ToString();
        if (key.Length is 0 or > 100 || key.Any(char.IsControl))
            return Refusal.Invalid(Header, "An Idempotency-Key is 1-100 printable characters.").ToProblem();
        if (!Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return await next(context);

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        // The bound body: by convention each slice's body type is a record named ...Request.
        var body = context.Arguments.FirstOrDefault(a => a is not null && a.GetType().Name.EndsWith("Request", StringComparison.Ordinal) &&
            a.GetType().Namespace?.StartsWith("JobFair", StringComparison.Ordinal) == true);
        var hash = body is null && http.Request.HasFormContentType
            ? await FormHashAsync(http.Request)
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, json))));
        var route = $"{http.Request.Method} {http.Request.Path}";
        var db = http.RequestServices.GetRequiredService<JobFairDb>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var ct = http.RequestAborted;

        await using var transaction = await EnclosingTransaction.BeginAsync(db, ct);
        var claim = await ClaimAsync(transaction, userId, route, key, hash, now, ct);
        if (claim == Claim.Busy)
            return Refusal.Conflict("idempotency_in_progress", "The first request with this Idempotency-Key is still running; retry shortly.").ToProblem();
        if (claim == Claim.Answered)
        {
            var first = await db.IdempotencyKeys.AsNoTracking()
                .SingleAsync(r => r.UserId == userId && r.Route == route && r.Key == key, ct);
            if (first.RequestHash != hash)
                return new Refusal(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                    "This Idempotency-Key was used with a different request.").ToProblem();
            return Results.Text(first.ResponseBody ?? "", first.ContentType ?? "application/json", Encoding.UTF8, first.StatusCode);
        }

        var result = await next(context); // an exception rolls back the handler's work and the claim alike
        var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status >= 500) return result; // rolled back on disposal: a retry runs afresh
        var value = (inner as IValueHttpResult)?.Value;
        var contentType = inner is IContentTypeHttpResult { ContentType: { } type } ? type : "application/json";
        var answer = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), json);
        try
        {
            await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Route == route && r.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status).SetProperty(r => r.ResponseBody, answer)
                    .SetProperty(r => r.ContentType, contentType), CancellationToken.None);
        }
        catch (Exception e) when ((e as PostgresException ?? e.InnerException as PostgresException)?.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
        {
            // The handler caught a failed statement it ran outside a transaction of its own, so nothing it did can
            // be kept: its answer would not be true. Every handler keeps its refusable statements in a transaction.
            throw new InvalidOperationException($"{route} answered {status} after a failed statement outside its transaction.", e);
        }
        await transaction.CommitAsync(CancellationToken.None);
        http.RequestServices.GetRequiredService<OutboxSignal>().Notify(); // its events are visible only now
        return result;
    });

    private enum Claim { Claimed, Answered, Busy }

    /// <summary>
    /// Claims the key for this request, or waits (at most <see cref="WaitForFirst"/>) for the request
    /// holding it to finish. A claim without an answer can only be left by an earlier version of this
    /// filter, which committed claims on their own: it is taken over.
    /// </summary>
    private static async Task<Claim> ClaimAsync(EnclosingTransaction transaction, Guid userId, string route, string key,
        string hash, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction.Transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SET LOCAL lock_timeout = '{WaitForFirst}'"),
                new NpgsqlBatchCommand("""
                    INSERT INTO idempotency_keys (user_id, route, key, request_hash, created_at) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (user_id, route, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at
                      WHERE idempotency_keys.status_code IS NULL
                    """) { Parameters = { new() { Value = userId }, new() { Value = route }, new() { Value = key }, new() { Value = hash }, new() { Value = now } } },
                new NpgsqlBatchCommand("SET LOCAL lock_timeout TO DEFAULT"),
            },
        };
        try
        {
            return await batch.ExecuteNonQueryAsync(ct) == 1 ? Claim.Claimed : Claim.Answered;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return Claim.Busy;
        }
    }
    /// <summary>A multipart request (an upload) is the same request when its fields and files are.</summary>
    private static async Task<string> FormHashAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted); // cached for the handler
            foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
                sha.AppendData(Encoding.UTF8.GetBytes($"{key}={value}\n"));
            foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"{file.Name}:{file.Length}\n"));
                await using var stream = file.OpenReadStream();
                sha.AppendData(SHA256.HashData(stream));
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // The handler answers the unreadable body; the key then remembers that answer.
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>Forgets Idempotency-Keys older than <see cref="IdempotencyOptions.KeepFor"/>, on every node (deleting twice is harmless).</summary>
internal sealed partial class IdempotencyKeyPurger(IServiceScopeFactory scopes, TimeProvider time, IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyKeyPurger> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPurgeFailed(e);
            }
            try { await Task.Delay(options.Value.PurgeEvery, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobFairDb>();
        var before = time.GetUtcNow() - options.Value.KeepFor;
        return await db.IdempotencyKeys.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "Purging old Idempotency-Keys failed; will try again")]
    private partial void LogPurgeFailed(Exception e);
}
