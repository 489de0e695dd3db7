using System.Text.Json;
using System.Text.RegularExpressions;

namespace Archive.Api.Extensions;

/// <summary>
/// Turns ASP.NET Core's binding failures ("Failed to bind parameter "Nullable&lt;Guid&gt; version" from "2"", "The JSON value
/// could not be converted to Archive.Api.Captures.CaptureRequest") into the shape every other 400 has: an <c>errors</c> map
/// keyed by the field as the request names it (<c>version</c>, <c>urls[2]</c>), with messages that name no C# type.
/// </summary>
internal static partial class BindingProblems
{
    public static (string Detail, Dictionary<string, string[]> Errors) Explain(BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.InnerException is JsonException json)
        {
            var field = JsonField(json.Path);
            // Only the converter's message says the JSON was well formed but of the wrong kind; the rest is the reader's.
            var wrongKind = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
            var problem = wrongKind && field is not null
                ? $"{field} has a value of the wrong kind (a string, number, boolean, array or object where another is expected)."
                : $"The body is not valid JSON (line {(json.LineNumber ?? 0) + 1}, byte {json.BytePositionInLine ?? 0}).";
            return (problem, new() { [wrongKind ? field ?? "body" : "body"] = [problem] });
        }
        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            // An [AsParameters] record's parameter is named as C# names it (Page); the query names it page.
            var name = JsonNamingPolicy.CamelCase.ConvertName(failed.Groups["name"].Value);
            var problem = $"'{failed.Groups["value"].Value}' is not {Kind(failed.Groups["type"].Value)}.";
            return ($"{name}: {problem}", new() { [name] = [problem] });
        }
        if (Required().Match(bad.Message) is { Success: true } required)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(required.Groups["name"].Value);
            return ($"{name} is required.", new() { [name] = [$"{name} is required."] });
        }
        if (BodyRequired().IsMatch(bad.Message) || bad.Message.Contains("request body", StringComparison.OrdinalIgnoreCase))
        {
            const string problem = "A JSON body is required.";
            return (problem, new() { ["body"] = [problem] });
        }
        return (bad.Message, []);
    }

    /// <summary>"$.urls[2]" → "urls[2]"; "$" or nothing → null (the body as a whole).</summary>
    private static string? JsonField(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Kind(string type)
    {
        var bare = NullableOf().Match(type) is { Success: true } m ? m.Groups[1].Value : type;
        return bare switch
        {
            "Guid" => "an id (a UUID such as 0190f1c2-7a3e-7d4b-9c51-2f1e3a4b5c6d)",
            "Int32" or "int" or "Int64" or "long" => "a whole number",
            "Double" or "double" or "Decimal" or "decimal" => "a number",
            "Boolean" or "bool" => "true or false",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, e.g. 2024-05-01T10:00:00Z)",
            "DateOnly" => "a date (e.g. 2024-05-01)",
            _ => "a valid value",
        };
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ ]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ ]+)\" was not provided", RegexOptions.Singleline)]
    private static partial Regex Required();

    [GeneratedRegex("^Implicit body inferred|body was not provided", RegexOptions.IgnoreCase)]
    private static partial Regex BodyRequired();

    [GeneratedRegex("^Nullable<(.+)>$")]
    private static partial Regex NullableOf();
}
