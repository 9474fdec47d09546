namespace Werkbank.Tests.Support;

/// <summary>Runs the real werkbank binary (built beside the tests) as a child process.</summary>
public static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "werkbank.dll");

    public static ExternalTool.Result Run(IEnumerable<string> arguments, Dictionary<string, string>? environment = null, string? workingDirectory = null) =>
        ExternalTool.Run("dotnet", [Dll, .. arguments], workingDirectory, environment);
}
