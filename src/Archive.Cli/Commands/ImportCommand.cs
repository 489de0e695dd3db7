using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive import FILE.warc[.gz]</c>: streams the file to POST /api/imports with an upload progress bar, then follows
/// the import until it is done.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A .warc or .warc.gz file (any size)." };
        var server = ApiClient.ServerOption();
        var command = new Command("import", "Import a WARC: each HTML response becomes a capture, with its original date, status and headers.")
        {
            file, server,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(server)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, Uri server, CancellationToken ct)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName} does not exist.");
            return 2;
        }
        using var api = new ApiClient(server);
        try
        {
            await using var stream = new ProgressStream(file.OpenRead(), file.Length, (done, total) => Bar("upload", done, total));
            using var content = new StreamContent(stream, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/warc");
            content.Headers.ContentLength = file.Length;
            var import = await api.PostContentAsync($"/api/imports?name={Uri.EscapeDataString(file.Name)}", content, ct);
            Console.Error.WriteLine();
            var id = import.GetProperty("id").GetGuid();
            while (import.GetProperty("state").GetString() is "queued" or "running")
            {
                Bar("import", import.GetProperty("bytesRead").GetInt64(), import.GetProperty("bytesTotal").GetInt64(),
                    $" {import.GetProperty("records").GetInt32()} records, {import.GetProperty("imported").GetInt32()} imported");
                await Task.Delay(500, ct);
                import = await api.GetAsync($"/api/imports/{id}", ct);
            }
            Bar("import", import.GetProperty("bytesRead").GetInt64(), import.GetProperty("bytesTotal").GetInt64(), "");
            Console.Error.WriteLine();
            Console.WriteLine($"{id}\t{import.GetProperty("state")}\t{import.GetProperty("records")} records\t{import.GetProperty("imported")} imported\t" +
                $"{import.GetProperty("duplicates")} duplicates\t{import.GetProperty("skipped")} skipped\t{import.GetProperty("failed")} failed");
            foreach (var problem in import.GetProperty("problems").EnumerateArray())
            {
                Console.WriteLine($"  {problem.GetProperty("reason")}\t{problem.GetProperty("targetUri")}\t{problem.GetProperty("message")}");
            }
            if (import.GetProperty("error").ValueKind == JsonValueKind.String)
            {
                Console.Error.WriteLine(import.GetProperty("error").GetString());
            }
            return import.GetProperty("state").GetString() == "done" && import.GetProperty("failed").GetInt32() == 0 ? 0 : 1;
        }
        catch (ApiException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static void Bar(string label, long done, long total, string suffix = "")
    {
        // A bar redrawn in place only makes sense on a terminal; a log gets the final summary line alone.
        if (Console.IsErrorRedirected)
        {
            return;
        }
        const int width = 30;
        var share = total == 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)(share * width);
        Console.Error.Write($"\r{label,-6} [{new string('#', filled)}{new string('.', width - filled)}] {share,4:P0} {done / 1048576.0:0.0}/{total / 1048576.0:0.0} MiB{suffix}   ");
    }

    /// <summary>Reports how much of the file the upload has read.</summary>
    private sealed class ProgressStream(Stream inner, long total, Action<long, long> report) : Archive.Engine.Warc.ReadOnlyStream
    {
        private long _read;
        private long _reported = -1;

        public override long Length => total;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Advance(read);
            return read;
        }

        private void Advance(int read)
        {
            _read += read;
            if (_read - _reported >= 1 << 20 || read == 0)
            {
                _reported = _read;
                report(_read, total);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
