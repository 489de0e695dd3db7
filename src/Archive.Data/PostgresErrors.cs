using Npgsql;

namespace Archive.Data;

/// <summary>The PostgreSQL failures the host answers on its own terms, named by Npgsql's <see cref="PostgresErrorCodes"/>.</summary>
public static class PostgresErrors
{
    /// <summary>A unique constraint refused the write: another writer stored the same thing first.</summary>
    public static bool IsUniqueViolation(Exception exception) => SqlStateOf(exception) == PostgresErrorCodes.UniqueViolation;

    /// <summary>Text PostgreSQL refuses to store or compare: NUL, or a character outside the database's encoding.</summary>
    public static bool IsUnstorableText(Exception exception) =>
        SqlStateOf(exception) is PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter;

    private static string? SqlStateOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (exception as PostgresException ?? exception.InnerException as PostgresException)?.SqlState;
    }
}
