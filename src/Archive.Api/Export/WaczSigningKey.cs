using System.Security.Cryptography;
using Archive.Api.Extensions;

namespace Archive.Api.Export;

/// <summary>
/// The ECDSA P-256 key that signs WACZ packages (WACZ signing spec, anonymous signature). Kept in a PEM file
/// (Export:SigningKeyPath, by default beside the embedded database) and created there on first use, so every package
/// the service writes verifies against one public key, published at GET /api/export/signing-key.
/// </summary>
public sealed class WaczSigningKey : IDisposable
{
    private readonly Lazy<ECDsa> _key;

    public WaczSigningKey(IConfiguration configuration, IHostEnvironment environment)
    {
        var path = configuration["Export:SigningKeyPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.ContentRootPath, ".data", "wacz-signing-key.pem");
        _key = new Lazy<ECDsa>(() => LoadOrCreate(Path.GetFullPath(path, environment.ContentRootPath)));
    }

    public ECDsa Key => _key.Value;

    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value.Dispose();
        }
    }

    private static ECDsa LoadOrCreate(string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        if (!KeyFiles.CreateOnce(path, key.ExportPkcs8PrivateKeyPem()))
        {
            // Another process made the key first: use theirs.
            key.ImportFromPem(File.ReadAllText(path));
        }
        return key;
    }
}
