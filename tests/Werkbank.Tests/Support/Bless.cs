namespace Werkbank.Tests.Support;

/// <summary>
/// WERKBANK_BLESS=1 makes baseline and diagnostic-case tests rewrite their expected files instead of
/// comparing (after an intended change): `WERKBANK_BLESS=1 ./test.sh --filter "Baseline|DiagnosticCase"`.
/// </summary>
public static class Bless
{
    public static bool Enabled => Environment.GetEnvironmentVariable("WERKBANK_BLESS") == "1";
}
