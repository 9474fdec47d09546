namespace Werkbank.Tests.Support;

/// <summary>
/// Stand-ins for the commands a .ci/ script calls where the real ones cannot run here (ssh, rsync,
/// docker, kubectl): small sh scripts in a folder put first on PATH, which write down how they were
/// called in <see cref="Log"/> (the file $FAKE_LOG) and may do more. Also a HOME and a throwaway key
/// file for the scripts' ssh setup.
/// </summary>
internal sealed class FakeCommands : IDisposable
{
    private readonly TempDir temp = new();

    public FakeCommands()
    {
        Directory.CreateDirectory(temp.Combine("bin"));
        Directory.CreateDirectory(temp.Combine("home"));
        File.WriteAllText(KeyFile, "not a key\n");
        Environment = new(StringComparer.Ordinal)
        {
            ["PATH"] = temp.Combine("bin") + ":" + System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = temp.Combine("home"),
            ["FAKE_LOG"] = temp.Combine("log"),
        };
    }

    /// <summary>The environment to run the script with: PATH, HOME and FAKE_LOG set; add its own variables.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>A file to pass as an ssh key variable (the stand-in ssh never reads it).</summary>
    public string KeyFile => temp.Combine("key");

    /// <summary>Every call the stand-ins wrote down, one line each.</summary>
    public string Log => Read("log");

    /// <summary>A scratch folder for the test (the script's deploy root, a working copy, ...).</summary>
    public string Combine(params string[] parts) => temp.Combine(parts);

    /// <summary>What a stand-in appended to $FAKE_LOG.&lt;suffix&gt; (for example its standard input).</summary>
    public string Read(string name) => File.Exists(temp.Combine(name)) ? File.ReadAllText(temp.Combine(name)) : string.Empty;

    /// <summary>
    /// A stand-in that writes "name <paramref name="logged"/>" (sh words, by default its arguments) to the
    /// log and then runs <paramref name="then"/> (sh).
    /// </summary>
    public void Add(string name, string then = "", string logged = "$*")
    {
        var path = temp.Combine("bin", name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"{name} {logged}\" >> \"$FAKE_LOG\"\n{then}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => temp.Dispose();
}
