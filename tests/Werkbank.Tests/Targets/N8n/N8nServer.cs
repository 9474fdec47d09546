using System.Diagnostics;
using System.Text;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.N8n;

/// <summary>
/// A real n8n 1.123 (installed into .tools/n8n by .ci/install-checkers) with its own SQLite folder:
/// import credentials and workflows through its CLI, activate them, then `n8n start` on a loopback
/// port. Disposing kills the server's process tree and deletes the folder.
/// </summary>
internal sealed class N8nServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private readonly TempDir home = new("werkbank-n8n-");
    private readonly StringBuilder log = new();
    private readonly string n8n;
    private Process? server;

    public N8nServer()
    {
        n8n = ExternalTool.Require(Repo.Path(".tools", "n8n", "node_modules", ".bin", "n8n"),
            "run .ci/install-checkers (npm n8n@1.123.50 into .tools/n8n), then 'ln -sfn <main>/.tools .tools' in a worktree");
        Port = LoopbackPort.Free();
    }

    public int Port { get; }

    /// <summary>The n8n command line of this installation.</summary>
    public string Executable => n8n;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public string Folder(string name)
    {
        var path = home.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs an n8n CLI command (import:..., update:...) against this instance's database.</summary>
    public ExternalTool.Result Cli(params string[] arguments) =>
        ExternalTool.Run(n8n, arguments, home.Path, Environment(), TimeSpan.FromMinutes(3)).ShouldSucceed("n8n " + string.Join(' ', arguments));

    /// <summary>Starts the server and waits until every named workflow is activated or has failed to.</summary>
    public void StartAndAwaitActivation(IReadOnlyCollection<string> workflowNames)
    {
        var info = new ProcessStartInfo(n8n, ["start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Path,
        };
        foreach (var (key, value) in Environment())
        {
            info.Environment[key] = value;
        }

        server = Process.Start(info)!;
        server.OutputDataReceived += (_, e) => Append(e.Data);
        server.ErrorDataReceived += (_, e) => Append(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!workflowNames.All(name => Activated(name) || ActivationFailed(name)))
        {
            if (server.HasExited || deadline.Elapsed > StartTimeout)
            {
                Assert.Fail($"n8n did not activate the workflows (exited: {server.HasExited}):\n{Tail()}");
            }

            Thread.Sleep(250);
        }
    }

    public bool Activated(string workflowName) => Log.Contains($"Activated workflow \"{workflowName}\"", StringComparison.Ordinal);

    public bool ActivationFailed(string workflowName) =>
        Log.Contains($"Issue on initial workflow activation try of \"{workflowName}\"", StringComparison.Ordinal);

    public Uri Webhook(string path) => new($"http://127.0.0.1:{Port}/webhook/{path}");

    public string Tail() => string.Join('\n', Log.Split('\n').TakeLast(40));

    public void Dispose()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }

        server?.Dispose();
        home.Dispose();
    }

    /// <summary>What the n8n CLI needs to work on this instance: its folder, SQLite, a fixed encryption key.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["N8N_USER_FOLDER"] = home.Path,
        ["DB_TYPE"] = "sqlite",
        ["N8N_ENCRYPTION_KEY"] = "werkbank-test-only",
        ["N8N_DIAGNOSTICS_ENABLED"] = "false",
        ["N8N_RUNNERS_ENABLED"] = "false",
        ["N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS"] = "false",
        ["N8N_VERSION_NOTIFICATIONS_ENABLED"] = "false",
        ["N8N_TEMPLATES_ENABLED"] = "false",
        ["N8N_LISTEN_ADDRESS"] = "127.0.0.1",
        ["N8N_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["N8N_LOG_OUTPUT"] = "console",
        ["NO_COLOR"] = "1",
    };

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
