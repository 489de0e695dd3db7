using Archive.Data.Stores;

namespace Archive.Data.Tests.Stores;

public sealed class PhrasePairsTests
{
    [Theory]
    // Two lexemes side by side are exactly their pair.
    [InlineData("'en:re' <-> 'en:consid'", "'en:re consid'")]
    // A longer phrase keeps its check and gains its pairs; a gap left by a stop word has no pair.
    [InlineData("'en:re' <-> 'en:consid' <-> 'en:fact'", "( 'en:re' <-> 'en:consid' <-> 'en:fact' & 'en:re consid' & 'en:consid fact' )")]
    [InlineData("'en:state' <3> 'en:art'", "'en:state' <3> 'en:art'")]
    [InlineData("'en:state' <3> 'en:art' <-> 'en:galleri'", "( 'en:state' <3> 'en:art' <-> 'en:galleri' & 'en:art galleri' )")]
    // Words, operators and quotes elsewhere are left alone.
    [InlineData("'en:harbour' & !'en:ferri' | 'en:o''neil' <-> 'en:said'", "'en:harbour' & ! 'en:ferri' | 'en:o''neil said'")]
    [InlineData("!( 'en:harbour' <-> 'en:pilot' )", "! ( 'en:harbour pilot' )")]
    // Not a phrase of its own: the right operand of a negation, which binds tighter, or an operand of a larger phrase.
    [InlineData("!'en:a' <-> 'en:b'", "! 'en:a' <-> 'en:b'")]
    [InlineData("'en:a' <-> ( 'en:b' <-> 'en:c' )", "'en:a' <-> ( 'en:b' <-> 'en:c' )")]
    [InlineData("( 'en:a' | 'en:d' ) <-> 'en:b'", "( 'en:a' | 'en:d' ) <-> 'en:b'")]
    // A weighted or prefix lexeme is not a plain pair.
    [InlineData("'en:a':A <-> 'en:b'", "'en:a':A <-> 'en:b'")]
    [InlineData("'en:a' <-> 'en:b':*", "'en:a' <-> 'en:b':*")]
    [InlineData("'en:harbour'", "'en:harbour'")]
    public void Phrases_become_pairs_where_that_means_the_same(string query, string rewritten) =>
        Assert.Equal(rewritten, PhrasePairs.Rewrite(query));
}
