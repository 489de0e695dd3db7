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
        Signer = Read(Path);
        if (Signer.Name != origin)
        {
            throw new StartupException($"The log signing key in {Path} is named '{Signer.Name}' but Log:Origin is '{origin}'. " +
                $"A checkpoint's origin is its key's name: set Log:Origin to '{Signer.Name}', or point Log:SigningKeyFile at the key of '{origin}'.");
        }
    }

    public string Path { get; }

    public NoteSigner Signer { get; }

    /// <summary>The key in <paramref name="path"/>; a file that cannot be read or is not a signer key ends the start with one line.</summary>
    private static NoteSigner Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"Cannot read the log signing key in {path}: {e.Message}", e);
        }
        try
        {
            return new NoteSigner(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new StartupException($"The file {path} (Log:SigningKeyFile) is not a log signing key: {e.Message}", e);
        }
    }

    private static void Generate(string path, string origin)
    {
        if (!NoteKeys.IsValidName(origin))
        {
            throw new StartupException($"Log:Origin '{origin}' cannot name a key: it must be non-empty, without spaces or '+'.");
        }
        KeyFiles.CreateOnce(path, NoteKeys.GenerateSignerKey(origin) + "\n");
    }
}
