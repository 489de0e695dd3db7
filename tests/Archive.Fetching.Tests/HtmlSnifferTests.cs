using System.Text;
using Archive.Fetching;

namespace Archive.Fetching.Tests;

public sealed class HtmlSnifferTests
{
    [Theory]
    [InlineData("<!DOCTYPE html><html></html>")]
    [InlineData("<!doctype html>")]
    [InlineData("\uFEFF  \n<html lang=\"en\">")]
    [InlineData("<HEAD>")]
    [InlineData("<p>text")]
    [InlineData("<!-- comment -->")]
    public void Html_openings_are_recognised(string body) => Assert.True(HtmlSniffer.LooksLikeHtml(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("%PDF-1.7")]
    [InlineData("{\"json\": true}")]
    [InlineData("<?xml version=\"1.0\"?><rss/>")]
    [InlineData("<htmlx>")]
    [InlineData("plain text")]
    [InlineData("")]
    public void Other_openings_are_not_html(string body) => Assert.False(HtmlSniffer.LooksLikeHtml(Encoding.UTF8.GetBytes(body)));
}
