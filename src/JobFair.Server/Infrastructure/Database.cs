using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace JobFair.Server.Infrastructure;

internal static class Database
{
    public const string ConnectionName = "JobFair";

    public static IServiceCollection AddJobFairDatabase(this IServiceCollection services)
    {
        // Read lazily so that a host (or a test) may supply the connection string late.
        services.AddSingleton(sp =>
        {
            var cs = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName)
                ?? throw new InvalidOperationException(
                    $"ConnectionStrings__{ConnectionName} is not set: deploy/run.sh sets it for the private cluster.");
            var builder = new NpgsqlDataSourceBuilder(cs) { Name = "jobfair" };
            // Nothing here leaves session state on a connection (no SET, LISTEN or temporary tables;
            // the migrator's advisory lock is released in a finally). Skipping DISCARD ALL on reuse
            // keeps each connection's cached plans, which keyword search relies on: its tokenising
            // functions are PL/pgSQL so that their plans are not rebuilt on every request (0007).
            // A connection string that says otherwise wins.
            if (!builder.ConnectionStringBuilder.ContainsKey("No Reset On Close")) builder.ConnectionStringBuilder.NoResetOnClose = true;
            return builder.Build();
        });
        services.AddDbContext<JobFairDb>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            // A refused write (a unique index saying "someone got there first") is an expected
            // outcome that handlers turn into a 409; real failures still surface as exceptions.
            .ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)))
            .AddInterceptors(sp.GetRequiredService<OutboxInterceptor>(), EnclosingTransaction.Interceptor)
            .ReplaceService<IRelationalTransactionFactory, EnclosingTransaction.PartFactory>());
        services.AddSingleton<Migrator>();
        return services;
    }
}
