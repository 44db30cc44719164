using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JobFair.Tests.Support;

/// <summary>
/// The certificate that encrypts the Data Protection keys, as deploy/lib/common.sh makes it for
/// the scripts (a self-signed RSA certificate and its key in one PEM file, mode 600): one per test
/// run, shared by every node as the scripts share theirs.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<string> Path = new(Create);

    public static string DataProtection => Path.Value;

    private static string Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=JobFair tests Data Protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var folder = Directory.CreateTempSubdirectory("jobfair-cert-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var file = System.IO.Path.Combine(folder, "dataprotection.pem");
        File.WriteAllText(file, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return file;
    }
}
