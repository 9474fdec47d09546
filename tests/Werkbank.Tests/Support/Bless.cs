namespace Werkbank.Tests.Support;

/// <summary>
/// WERKBANK_BLESS=1 makes baseline and diagnostic-case tests rewrite their expected files instead of
/// comparing (after an intended change): `WERKBANK_BLESS=1 ./test.sh --filter "Baseline|DiagnosticCase"`.
/// </summary>
public static class Bless
{
    public static bool Enabled => Environment.GetEnvironmentVariable("WERKBANK_BLESS") == "1";

    /// <summary>Compares <paramref name="actual"/> with the expected file, or writes it there when blessing.</summary>
    public static void CompareOrWrite(string expectedPath, string actual)
    {
        if (Enabled)
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with WERKBANK_BLESS=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }
}
