using System.Text.Json;
using System.Text.Json.Serialization;

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

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTimeOffset().ToUniversalTime();
        return value >= Earliest && value < Latest ? value
            : throw new RefusedJsonValueException("out_of_range", "Times must lie between the years 1900 and 2200");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
