using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>The statements of each round trip Npgsql makes (a command or a batch: one activity) while serving POST /api/captures.</summary>
internal sealed class RoundTrips : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<string> _trips = [];

    public const string Header = "X-Round-Trips";

    public RoundTrips(IHttpContextAccessor http, string marker)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (http.HttpContext?.Request is { Method: "POST" } request && request.Path == "/api/captures"
                    && request.Headers[Header] == marker && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string sql)
                {
                    lock (_trips)
                    {
                        _trips.Add(sql);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public List<string> Take()
    {
        lock (_trips)
        {
            List<string> taken = [.. _trips];
            _trips.Clear();
            return taken;
        }
    }

    public void Dispose() => _listener.Dispose();
}
