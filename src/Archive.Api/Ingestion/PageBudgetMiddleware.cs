namespace Archive.Api.Ingestion;

internal static class PageBudgetMiddleware
{
    /// <summary>
    /// A request that declares a body of at least <see cref="PageBudgetOptions.HeavyPageBytes"/> waits for that many bytes
    /// of the <see cref="PageBudget"/> before its body is read, and holds them until its answer is written: an upload's
    /// JSON, the string bound from it and its bytes cost several times the page before ingestion starts, so gating only
    /// the ingestion would still let every concurrent caller hold all of that. Meanwhile Kestrel stops reading from the
    /// socket, so a waiting caller costs no memory. Runs after authentication and rate limiting: who may not write never
    /// waits in line. A body sent without a length is bounded by Kestrel's body-size limit and gated at ingestion.
    /// </summary>
    public static WebApplication UsePageBudget(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var budget = http.RequestServices.GetRequiredService<PageBudget>();
            if (http.Request.ContentLength is not { } length || length < budget.HeavyPageBytes)
            {
                await next(http);
                return;
            }
            using var lease = await budget.EnterAsync(length, http.RequestAborted);
            PageBudget.HoldForThisFlow(lease);
            await next(http);
        });
        return app;
    }
}
