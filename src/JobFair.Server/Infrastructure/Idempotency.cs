using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Idempotency-Key for create routes, scoped to the caller and route: a retry with the same key
/// and body gets the first answer again and creates nothing; the same key with another body is
/// 422 idempotency_key_reused. The key is claimed by inserting its row, so two racing retries
/// cannot both run the handler: the second waits for the first answer.
/// </summary>
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(10);
    /// <summary>A claim this old without an answer belongs to a request that died; it may be retried.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

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
        var time = http.RequestServices.GetRequiredService<TimeProvider>();

        var deadline = time.GetUtcNow() + WaitForFirst;
        while (true)
        {
            var now = time.GetUtcNow();
            var claimed = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotency_keys (user_id, route, key, request_hash, created_at)
                VALUES ({userId}, {route}, {key}, {hash}, {now})
                ON CONFLICT (user_id, route, key) DO UPDATE SET request_hash = excluded.request_hash, created_at = excluded.created_at
                  WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < {now - Abandoned}
                """, http.RequestAborted);
            if (claimed == 1) return await RunAndRememberAsync(context, next, db, userId, route, key, json);

            var first = await db.IdempotencyKeys.AsNoTracking()
                .SingleOrDefaultAsync(r => r.UserId == userId && r.Route == route && r.Key == key, http.RequestAborted);
            if (first is null) continue; // the first request failed and let go of the key
            if (first.RequestHash != hash)
                return new Refusal(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                    "This Idempotency-Key was used with a different request.").ToProblem();
            if (first.StatusCode is { } status)
                return Results.Text(first.ResponseBody ?? "", first.ContentType ?? "application/json", Encoding.UTF8, status);
            if (time.GetUtcNow() > deadline)
                return Refusal.Conflict("idempotency_in_progress", "The first request with this Idempotency-Key is still running; retry shortly.").ToProblem();
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, http.RequestAborted);
        }
    });

    private static async Task<object?> RunAndRememberAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        JobFairDb db, Guid userId, string route, string key, JsonSerializerOptions json)
    {
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ForgetAsync(db, userId, route, key);
            throw;
        }
        var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status >= 500)
        {
            await ForgetAsync(db, userId, route, key);
            return result;
        }
        var value = (inner as IValueHttpResult)?.Value;
        var contentType = inner is IContentTypeHttpResult { ContentType: { } ct } ? ct : "application/json";
        var body = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), json);
        await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Route == route && r.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status).SetProperty(r => r.ResponseBody, body)
                .SetProperty(r => r.ContentType, contentType), CancellationToken.None);
        return result;
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

    private static async Task ForgetAsync(JobFairDb db, Guid userId, string route, string key) =>
        await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Route == route && r.Key == key && r.StatusCode == null)
            .ExecuteDeleteAsync(CancellationToken.None);
}
