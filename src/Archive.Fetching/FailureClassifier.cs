using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Archive.Fetching;

/// <summary>Maps what HttpClient throws for expected network trouble onto a <see cref="FetchFailureReason"/>.</summary>
internal static class FailureClassifier
{
    public static bool TryClassify(Exception exception, out FetchFailureReason reason, out string message)
    {
        // The most specific cause is usually nested: HttpRequestException → FetchConnectException or SocketException.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (Specific(e) is { } specific)
            {
                (reason, message) = (specific, e.Message);
                return true;
            }
        }

        (reason, message) = (General(exception) ?? default, exception.Message);
        return General(exception) is not null;
    }

    private static FetchFailureReason? Specific(Exception e) => e switch
    {
        FetchConnectException connect => connect.Reason,
        AuthenticationException => FetchFailureReason.Tls,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => FetchFailureReason.Refused,
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }
            => FetchFailureReason.Dns,
        SocketException { SocketErrorCode: SocketError.TimedOut } => FetchFailureReason.Timeout,
        _ => null,
    };

    private static FetchFailureReason? General(Exception e) => e switch
    {
        HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => FetchFailureReason.Truncated,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => FetchFailureReason.Truncated,
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.InvalidResponse }
            => FetchFailureReason.InvalidResponse,
        HttpIOException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded }
            => FetchFailureReason.InvalidResponse,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => FetchFailureReason.Dns,
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => FetchFailureReason.Tls,
        // A body its Content-Encoding cannot undo (corrupt gzip) is the same answer on every attempt.
        InvalidDataException => FetchFailureReason.InvalidResponse,
        HttpRequestException or IOException => FetchFailureReason.Network,
        _ => null,
    };
}
