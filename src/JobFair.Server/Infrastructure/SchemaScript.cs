namespace JobFair.Server.Infrastructure;

/// <summary>
/// <c>dotnet run --project src/JobFair.Server -- schema-script</c> prints the DDL that EF would
/// create for the current model. `dotnet ef` is not obtainable here: write the next numbered
/// migration by diffing this output, and the schema test proves the two agree.
/// </summary>
internal static class SchemaScript
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["schema-script"]) return false;
        var options = new DbContextOptionsBuilder<JobFairDb>().UseNpgsql("Host=unused").Options;
        using var db = new JobFairDb(options);
        Console.WriteLine(db.Database.GenerateCreateScript());
        return true;
    }
}
