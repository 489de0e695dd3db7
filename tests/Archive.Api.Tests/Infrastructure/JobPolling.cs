using System.Net;
using System.Text.Json;

namespace Archive.Api.Tests.Infrastructure;

internal static class JobPolling
{
    /// <summary>Polls GET /api/captures/{id} until the job is done or failed (or the time runs out, which fails the test).</summary>
    public static async Task<JsonElement> WaitForJobAsync(this HttpClient client, Guid jobId, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await (await client.GetAsync($"/api/captures/{jobId}")).ReadJsonAsync(HttpStatusCode.OK);
            var state = status.GetProperty("state").GetString();
            if (state is "done" or "failed")
            {
                return status;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {state}: {status}");
            await Task.Delay(100);
        }
    }
}
