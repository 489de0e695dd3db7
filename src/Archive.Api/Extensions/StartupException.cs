namespace Archive.Api.Extensions;

/// <summary>A setting or a missing prerequisite the service cannot start with; its message says what to change.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message) : base(message)
    {
    }

    public StartupException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
