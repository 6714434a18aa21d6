using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nereid.Data.Configurations;

/// <summary>Marks timestamps read back from the database as UTC (they are always written as UTC).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
