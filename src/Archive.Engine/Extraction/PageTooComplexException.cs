namespace Archive.Engine.Extraction;

/// <summary>
/// The page cannot be processed within the engine's bounds (its tree would nest too deep, or parsing it takes longer
/// than the parse budget). Callers record the capture as failed with the reason <c>too-complex</c>; nothing is retried.
/// </summary>
public sealed class PageTooComplexException : Exception
{
    public PageTooComplexException()
    {
    }

    public PageTooComplexException(string message) : base(message)
    {
    }

    public PageTooComplexException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
