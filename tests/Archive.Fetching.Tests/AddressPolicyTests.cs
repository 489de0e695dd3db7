using System.Net;
using Archive.Fetching;
using Microsoft.Extensions.Options;

namespace Archive.Fetching.Tests;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.255.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.255")]
    [InlineData("10.0.0.0")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.0")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.0")]
    [InlineData("192.168.255.255")]
    [InlineData("169.254.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.0")]
    [InlineData("100.127.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("fc00::1")]
    [InlineData("fdff:ffff::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fec0::1")]
    [InlineData("ff00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("64:ff9b:1:ffff::1")]
    [InlineData("2002:7f00:0001::1")]
    [InlineData("2002:0a00:0001::1")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("2001::1")]
    [InlineData("2001:0:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8:ffff::1")]
    [InlineData("3fff::1")]
    [InlineData("100::1")]
    public void Private_reserved_and_special_addresses_are_blocked(string address) =>
        Assert.True(AddressPolicy.IsBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    [InlineData("2001:4860:4860::8888")]
    public void Public_unicast_addresses_are_not_blocked(string address) =>
        Assert.False(AddressPolicy.IsBlocked(IPAddress.Parse(address)));

    [Fact]
    public void Allow_list_overrides_the_block_only_for_its_own_networks()
    {
        var policy = new FetchPolicy(Options.Create(new FetchOptions { AllowedNetworks = { "127.0.0.1/32" } }));

        Assert.True(policy.IsPermitted(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.IsPermitted(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(policy.IsPermitted(IPAddress.Parse("127.0.0.2")));
        Assert.False(policy.IsPermitted(IPAddress.Parse("::1")));
        Assert.False(policy.IsPermitted(IPAddress.Parse("10.0.0.1")));
        Assert.True(policy.IsPermitted(IPAddress.Parse("8.8.8.8")));
    }

    [Theory]
    [InlineData("https://news.example/2024/story", true)]
    [InlineData("http://news.example:8080/story", true)]
    [InlineData("ftp://news.example/story", false)]
    [InlineData("http://user:pw@news.example/", false)]
    [InlineData("http://news.example:6379/", false)]
    [InlineData("http://news.example:22/", false)]
    [InlineData("/relative/path", false)]
    [InlineData("", false)]
    public void Submission_time_check_rejects_what_the_fetcher_would_refuse_before_the_network(string url, bool fetchable)
    {
        var policy = new FetchPolicy(Options.Create(new FetchOptions()));

        var problem = policy.Explain(url);

        Assert.Equal(fetchable, problem is null);
        // Whatever the submission check lets through, the fetcher's own hop check lets through too.
        if (fetchable)
        {
            Assert.Null(policy.Check(new Uri(url)));
        }
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(443, true)]
    [InlineData(8080, true)]
    [InlineData(65535, true)]
    [InlineData(22, false)]
    [InlineData(25, false)]
    [InlineData(1023, false)]
    [InlineData(3306, false)]
    [InlineData(6379, false)]
    [InlineData(27017, false)]
    public void Default_ports_allow_web_and_unprivileged_ports_but_not_internal_services(int port, bool permitted)
    {
        var policy = new FetchPolicy(Options.Create(new FetchOptions()));

        Assert.Equal(permitted, policy.IsPortPermitted(port));
    }
}
