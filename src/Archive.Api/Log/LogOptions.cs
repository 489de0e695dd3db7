namespace Archive.Api.Log;

public sealed class LogOptions
{
    /// <summary>The log's identity: the checkpoint origin line and the signing key's name. Deployments set it to the log's URL
    /// prefix without its scheme (e.g. archive.example.org/api/log), as C2SP tlog-tiles recommends.</summary>
    public string Origin { get; set; } = "archive.localhost/log";
    /// <summary>The Ed25519 signing key (Go note signer-key form); generated there at first start. Relative paths are under
    /// the content root.</summary>
    public string SigningKeyFile { get; set; } = ".data/log-signing.key";
    /// <summary>Entries integrated per pass at most (one transaction, one checkpoint).</summary>
    public int BatchSize { get; set; } = 1000;
    /// <summary>How often an idle sequencer looks for entries owed by other processes or left by a crash.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Level-0 tiles (8 KiB each) kept in memory for proofs; the upper layers are always kept.</summary>
    public int TileCacheTiles { get; set; } = 2048;
    /// <summary>How long an upload waits for its entry to be integrated before it answers without a log index.</summary>
    public TimeSpan IntegrationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
