using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobFair.Server.Infrastructure;

/// <summary>
/// Clients send times with their own offset (2020-04-23T09:00:00+08:00); the database stores
/// UTC and Npgsql accepts only UTC offsets, so every incoming time is converted on the way in.
/// </summary>
internal sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
