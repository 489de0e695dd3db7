using Archive.Api.Reader.Articles;
using Archive.Transparency.Notes;

namespace Archive.Api.Tests.Reader;

/// <summary>The article page checks the latest checkpoint's signature once, not on every page: only an identical note with
/// the same key may skip the check.</summary>
public sealed class OpenedCheckpointTests
{
    private static readonly NoteSigner Signer = new(NoteKeys.GenerateSignerKey("archive.example/log"));

    [Fact]
    public void A_note_once_verified_opens_again_but_a_forged_one_or_another_key_never_does()
    {
        var opened = new OpenedCheckpoint();
        var note = Signer.Sign(new Checkpoint("archive.example/log", 41, new byte[32]).ToText());
        Assert.True(opened.TryOpen(note, Signer.VerifierKey, out var first, out var error), error);
        Assert.True(opened.TryOpen(note, Signer.VerifierKey, out var again, out error), error);
        Assert.Equal(first, again);

        var forged = note.Replace("\n41\n", "\n42\n", StringComparison.Ordinal);
        Assert.False(opened.TryOpen(forged, Signer.VerifierKey, out _, out error));
        Assert.NotEmpty(error);
        var other = new NoteSigner(NoteKeys.GenerateSignerKey("archive.example/log"));
        Assert.False(opened.TryOpen(note, other.VerifierKey, out _, out _));
        Assert.True(opened.TryOpen(note, Signer.VerifierKey, out _, out error), error);
    }
}
