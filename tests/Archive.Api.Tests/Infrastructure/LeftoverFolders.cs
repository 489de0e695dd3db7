using System.Diagnostics;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>
/// Clusters the tests make under the temp folder are named by the run's process id: a run that was killed leaves its
/// folder behind, and the next run removes the folders whose run has ended.
/// </summary>
internal static class LeftoverFolders
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Best effort: a folder still in use (or not ours to delete) stays for a later run.</summary>
    public static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
