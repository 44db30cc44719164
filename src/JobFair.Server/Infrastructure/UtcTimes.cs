using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Clients send times with their own offset (2020-04-23T09:00:00+08:00); the database stores
/// UTC and Npgsql accepts only UTC offsets, so every incoming time is converted on the way in.
/// A time outside 1900-2200 is refused: no fair, slot or posting lies there, and arithmetic on
/// a time near year 1 or 9999 (slot generators, windows) would overflow.
/// </summary>
internal sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The refusal of a time outside 1900-2200, for the routes whose body carries times to declare.</summary>
    public static readonly Refusal OutOfRange = new(StatusCodes.Status400BadRequest, "out_of_range", "Times must lie between the years 1900 and 2200");

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTimeOffset().ToUniversalTime();
        return value >= Earliest && value < Latest ? value
            : throw new RefusedJsonValueException(OutOfRange.Code, OutOfRange.Message);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

/// <summary>
/// The same conversion for times that reach the database without passing JSON: a page hands a use
/// case the reader's local time (+08:00), and Npgsql writes timestamptz only from UTC offsets (any
/// other offset was a 500). Every added or changed entity's times become the same instant in UTC
/// as it is saved. Bulk updates (<c>ExecuteUpdate</c>) pass no change tracker and convert their own.
/// </summary>
internal sealed class UtcTimesInterceptor : SaveChangesInterceptor
{
    public static readonly UtcTimesInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ToUtc(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ToUtc(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private static void ToUtc(DbContext? db)
    {
        if (db is null) return;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties)
                if (property.CurrentValue is DateTimeOffset { Offset.Ticks: not 0 } local) property.CurrentValue = local.ToUniversalTime();
        }
    }
}
