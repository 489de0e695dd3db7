using Archive.Transparency.Merkle;

namespace Archive.Transparency.Tests;

public sealed class MerkleTreeTests
{
    // The tree of Certificate Transparency's reference tests (RFC 6962 implementations share these eight leaves).
    private static readonly byte[][] CtLeaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString)];

    [Theory]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void Roots_match_the_certificate_transparency_reference_tree(int size, string root)
    {
        var tree = new NaiveTree(CtLeaves[..size]);
        Assert.Equal(root, Convert.ToHexStringLower(MerkleTree.Root(tree, size)));
    }

    [Fact]
    public void The_empty_tree_hashes_to_the_hash_of_nothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root(new NaiveTree([]), 0)));

    [Fact]
    public void Proofs_from_complete_subtrees_equal_the_rfc_definitions_and_verify()
    {
        var tree = NaiveTree.WithLeaves(67);
        for (var n = 1; n <= 67; n++)
        {
            var root = tree.Mth(0, n);
            Assert.Equal(root, MerkleTree.Root(tree, n));
            for (var m = 0; m < n; m++)
            {
                var path = MerkleTree.InclusionProof(tree, m, n);
                Assert.Equal(tree.Path(m, 0, n), path);
                Assert.True(ProofVerifier.VerifyInclusion(tree.Mth(m, m + 1), m, n, path, root), $"inclusion {m} in {n}");
            }
            for (var m = 0; m <= n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(tree, m, n);
                Assert.Equal(tree.Proof(m, n), proof);
                Assert.True(ProofVerifier.VerifyConsistency(m, n, proof, tree.Mth(0, m), root), $"consistency {m} to {n}");
            }
        }
    }

    [Fact]
    public void An_altered_leaf_index_size_or_proof_hash_is_refused()
    {
        var tree = NaiveTree.WithLeaves(21);
        var root = tree.Mth(0, 21);
        var leaf = tree.Mth(9, 10);
        var path = MerkleTree.InclusionProof(tree, 9, 21);
        Assert.True(ProofVerifier.VerifyInclusion(leaf, 9, 21, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(tree.Mth(10, 11), 9, 21, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leaf, 8, 21, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leaf, 9, 40, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leaf, 9, 21, path[..^1], root));
        var altered = path.Select(p => p.ToArray()).ToList();
        altered[2][0] ^= 1;
        Assert.False(ProofVerifier.VerifyInclusion(leaf, 9, 21, altered, root));

        var consistency = MerkleTree.ConsistencyProof(tree, 13, 21);
        Assert.True(ProofVerifier.VerifyConsistency(13, 21, consistency, tree.Mth(0, 13), root));
        Assert.False(ProofVerifier.VerifyConsistency(13, 21, consistency, tree.Mth(0, 12), root));
        Assert.False(ProofVerifier.VerifyConsistency(12, 21, consistency, tree.Mth(0, 12), root));
        Assert.False(ProofVerifier.VerifyConsistency(13, 21, consistency[1..], tree.Mth(0, 13), root));
        Assert.False(ProofVerifier.VerifyConsistency(21, 21, [], tree.Mth(0, 13), root));
    }
}
