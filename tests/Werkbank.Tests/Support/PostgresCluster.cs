
namespace Werkbank.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL 15 cluster (Debian's postgresql) on a loopback port, owned by the user
/// postgres (initdb refuses root), stopped and deleted on dispose. Skips locally / fails in CI when
/// PostgreSQL is not installed.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly TempDir temp = new("werkbank-pg-");
    private readonly string runuser;

    public PostgresCluster()
    {
        ExternalTool.Require($"{Bin}/initdb", "apt-get install -y postgresql");
        ExternalTool.Require("psql", "apt-get install -y postgresql");
        runuser = ExternalTool.Require("runuser", "util-linux");
        Port = LoopbackPort.Free();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp.Path, (UnixFileMode)0b111_111_111);
        }

        AsPostgres($"{Bin}/initdb", "-D", DataDir, "-A", "trust", "-U", "postgres", "--no-sync").ShouldSucceed("initdb");
        AsPostgres($"{Bin}/pg_ctl", "-D", DataDir, "-w", "-t", "30", "-l", Path.Combine(temp.Path, "log"),
            "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {temp.Path} -c fsync=off", "start").ShouldSucceed("pg_ctl start");
    }

    public int Port { get; }

    private string DataDir => Path.Combine(temp.Path, "data");

    /// <summary>Runs psql as the superuser postgres with ON_ERROR_STOP; <paramref name="file"/> or <paramref name="command"/>.</summary>
    public ExternalTool.Result Psql(string? file = null, string? command = null)
    {
        List<string> arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres"];
        if (file is not null)
        {
            arguments.AddRange(["-f", file]);
        }

        if (command is not null)
        {
            arguments.AddRange(["-c", command]);
        }

        return ExternalTool.Run("psql", arguments, timeout: TimeSpan.FromMinutes(1));
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            AsPostgres($"{Bin}/pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");
        }

        temp.Dispose();
    }

    private ExternalTool.Result AsPostgres(params string[] command) =>
        ExternalTool.Run(runuser, ["-u", "postgres", "--", .. command], workingDirectory: temp.Path, timeout: TimeSpan.FromMinutes(1));
}

public static class ResultExtensions
{
    public static ExternalTool.Result ShouldSucceed(this ExternalTool.Result result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what} failed ({result.ExitCode}):\n{result.Output}");
        return result;
    }
}
