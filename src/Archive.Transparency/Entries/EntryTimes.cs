using System.Globalization;

namespace Archive.Transparency.Entries;

/// <summary>
/// Times in entries: UTC with exactly six fractional digits. PostgreSQL keeps microseconds, so a time is cut to the
/// microsecond before it is stored and logged; the entry rebuilt from the database then matches the one logged, byte for byte.
/// </summary>
public static class EntryTimes
{
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    public static string Format(DateTimeOffset time) =>
        ToMicroseconds(time).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
