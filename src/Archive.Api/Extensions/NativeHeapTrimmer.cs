using System.Runtime.InteropServices;

namespace Archive.Api.Extensions;

/// <summary>
/// Hands the C allocator's free memory back to the system after the collector's full collections (glibc's
/// <c>malloc_trim</c>). Native code under the upload path (ICU, OpenSSL, Brotli, the JIT) allocates and frees through
/// malloc on whichever thread runs a request, and glibc keeps what is freed in its arenas (up to eight per core; two
/// where the image's <c>MALLOC_ARENA_MAX=2</c> is set) until asked: after 1,500 real-page uploads ~90 MiB of the
/// service's resident memory was arena memory, and one trim gave 50 MiB of it back (docs/performance.md). Elsewhere
/// than glibc on Linux this does nothing.
/// </summary>
internal sealed class NativeHeapTrimmer(TimeProvider time, ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var seen = GC.CollectionCount(2);
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Full collections run finalizers of the handles that own native buffers: after one, there is memory to give back.
            var collections = GC.CollectionCount(2);
            if (collections == seen)
            {
                continue;
            }
            seen = collections;
            try
            {
                // 1 when memory was given back, 0 when there was none to give.
                _ = MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                logger.LogDebug("The C library has no malloc_trim (not glibc); native memory is left to it");
                return;
            }
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
