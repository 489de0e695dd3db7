using Archive.Transparency.Notes;

namespace Archive.Transparency.Tests;

public sealed class NoteTests
{
    // The example of Go's golang.org/x/mod/sumdb/note package (Ed25519 signatures are deterministic).
    private const string GoSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void Signing_go_s_example_gives_go_s_note_and_key()
    {
        var signer = new NoteSigner(GoSignerKey);
        Assert.Equal(GoVerifierKey, signer.VerifierKey);
        Assert.Equal(GoNote, signer.Sign(GoText));
        Assert.True(SignedNote.TryOpen(GoNote, GoVerifierKey, out var text, out var error), error);
        Assert.Equal(GoText, text);
    }

    [Fact]
    public void An_altered_text_or_signature_is_refused_and_unknown_signers_ignored()
    {
        Assert.False(SignedNote.TryOpen(GoNote.Replace("cryptography", "cryptographY", StringComparison.Ordinal), GoVerifierKey, out _, out var error));
        Assert.Contains("does not verify", error, StringComparison.Ordinal);
        Assert.False(SignedNote.TryOpen(GoNote.Replace("x08go", "x08gO", StringComparison.Ordinal), GoVerifierKey, out _, out _));

        var other = new NoteSigner(NoteKeys.GenerateSignerKey("someone.example/log"));
        var cosigned = GoNote + other.Sign(GoText)[(GoText.Length + 1)..];
        Assert.True(SignedNote.TryOpen(cosigned, GoVerifierKey, out _, out error), error);
        Assert.True(SignedNote.TryOpen(cosigned, other.VerifierKey, out _, out error), error);
        Assert.False(SignedNote.TryOpen(other.Sign(GoText), GoVerifierKey, out _, out error));
        Assert.Contains("no signature by PeterNeumann", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_round_trips_through_its_signed_note()
    {
        var signer = new NoteSigner(NoteKeys.GenerateSignerKey("archive.example/log"));
        var checkpoint = new Checkpoint("archive.example/log", 20_852_163, new byte[32]);
        var note = signer.Sign(checkpoint.ToText());
        Assert.StartsWith("archive.example/log\n20852163\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 archive.example/log ", note, StringComparison.Ordinal);
        Assert.True(Checkpoint.TryOpen(note, signer.VerifierKey, out var opened, out var error), error);
        Assert.Equal(checkpoint.TreeSize, opened.TreeSize);
        Assert.False(Checkpoint.TryParse("a\n012\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("a\u00a0b")]
    public void Key_names_with_spaces_or_plus_are_refused(string name) => Assert.False(NoteKeys.IsValidName(name));
}
