using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JobFair.Server.Infrastructure;

/// <summary>The package's key entity, on the table that 0001 created.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("data_protection_keys");
        b.Property(k => k.Id).UseIdentityAlwaysColumn();
        b.Property(k => k.Xml).IsRequired();
    }
}

/// <summary>
/// The keys behind cookies and bearer tokens live in PostgreSQL, so that every node reads what
/// another issued and restarts sign no one out. Each key is encrypted to a certificate kept on the
/// nodes' disks (<c>DataProtection:Certificate</c>, a PEM file with its private key, made by the
/// deploy scripts): a copy of the database alone cannot forge a session.
/// </summary>
internal static class DataProtectionSetup
{
    public const string CertificateSetting = "DataProtection:Certificate";

    public static IServiceCollection AddJobFairDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("JobFair").PersistKeysToDbContext<JobFairDb>();
        if (configuration[CertificateSetting] is { Length: > 0 } path)
        {
            var certificate = X509Certificate2.CreateFromPemFile(path);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        else if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                $"{CertificateSetting} (DataProtection__Certificate) must name the PEM certificate that encrypts the keys in Production; deploy/run.sh makes one.");
        }
        return services;
    }
}
