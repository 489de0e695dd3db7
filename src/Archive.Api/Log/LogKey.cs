using Archive.Api.Extensions;
using Archive.Transparency.Notes;
using Microsoft.Extensions.Options;

namespace Archive.Api.Log;

/// <summary>
/// The log's signing key, read from <see cref="LogOptions.SigningKeyFile"/> or generated there at first start (mode 0600,
/// created atomically, so processes starting together end up with one key). Its name must be <see cref="LogOptions.Origin"/>.
/// </summary>
public sealed class LogKey
{
    public LogKey(IOptions<LogOptions> options, IHostEnvironment environment, ILogger<LogKey> logger)
    {
        var origin = options.Value.Origin;
        Path = System.IO.Path.GetFullPath(options.Value.SigningKeyFile, environment.ContentRootPath);
        if (!File.Exists(Path))
        {
            Generate(Path, origin);
            logger.LogWarning("Generated the log signing key for {Origin} in {Path}: keep it safe, the log cannot continue without it", origin, Path);
        }
        Signer = new NoteSigner(File.ReadAllText(Path).Trim());
        if (Signer.Name != origin)
        {
            throw new InvalidOperationException($"The log signing key in {Path} is named '{Signer.Name}' but Log:Origin is '{origin}'. " +
                $"A checkpoint's origin is its key's name: set Log:Origin to '{Signer.Name}', or point Log:SigningKeyFile at the key of '{origin}'.");
        }
    }

    public string Path { get; }

    public NoteSigner Signer { get; }

    private static void Generate(string path, string origin)
    {
        if (!NoteKeys.IsValidName(origin))
        {
            throw new InvalidOperationException($"Log:Origin '{origin}' cannot name a key: it must be non-empty, without spaces or '+'.");
        }
        KeyFiles.CreateOnce(path, NoteKeys.GenerateSignerKey(origin) + "\n");
    }
}
