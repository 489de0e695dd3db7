namespace Archive.Api.Access;

/// <summary>The roles a key can hold; each includes the ones before it (admin ⊇ submitter ⊇ reader).</summary>
internal static class ApiKeyRoles
{
    public const string Reader = "reader";
    public const string Submitter = "submitter";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Submitter, Admin];

    /// <summary>The role names that satisfy <paramref name="role"/>.</summary>
    public static string[] AtLeast(string role) => All.SkipWhile(r => r != role).ToArray();

    public static bool IsValid(string? role) => role is not null && All.Contains(role);
}
