using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace JobFair.Server.Features.Positions;

/// <summary>
/// A posting as keyword search in one fair sees it: one per share into a fair, written only by
/// the database's triggers (0007_search_entries.sql, 0016, 0026) in the transaction that shares, edits or
/// closes the posting or suspends or reinstates its employer. Partitioned by fair, so that counting and ranking
/// thousands of hits in a big fair reads pages packed with that fair's postings rather than one page of positions
/// per hit; the total of a fair's list without keywords counts them too (<see cref="OpenUntil"/>, 0025).
/// </summary>
public sealed class SearchEntry
{
    public Guid PositionId { get; private set; }
    public Guid FairId { get; private set; }
    public DateTimeOffset SharedAt { get; private set; }
    /// <summary>Listed while now is before this: -infinity once closed, the closing date, or infinity.</summary>
    public DateTimeOffset OpenUntil { get; private set; }
    /// <summary>Title (weight A) and employer name (B): what ranking reads, kept in the row.</summary>
    public NpgsqlTsVector HeadVector { get; private set; } = null!;
    /// <summary>Every keyword token of the posting, its filter tokens and the fair's token; GIN-indexed.</summary>
    public NpgsqlTsVector SearchVector { get; private set; } = null!;
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public void Configure(EntityTypeBuilder<SearchEntry> b)
    {
        b.HasKey(e => new { e.PositionId, e.FairId });
        b.HasIndex(e => e.SearchVector).HasMethod("gin");
        // A fair's listed entries, counted without reading them (SearchFairPositions, 0025).
        b.HasIndex(e => new { e.FairId, e.OpenUntil });
        b.HasOne<PositionFair>().WithMany().HasForeignKey(e => new { e.PositionId, e.FairId }).OnDelete(DeleteBehavior.Cascade);
    }
}
