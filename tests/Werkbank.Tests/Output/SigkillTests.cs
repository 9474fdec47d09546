using System.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Writer;

/// <summary>
/// The real `werkbank render` as a child process, killed with SIGKILL at spread-out moments of a
/// render that changes, adds and removes files: out/ and the allocation ledger must then be both the
/// old or both the new render (compared with two reference renders, after the recovery that the next
/// command runs first), and the next real render cleans up and finishes the job.
/// </summary>
public sealed class SigkillTests
{
    private const int Users = 300;
    private const int Kills = 6;

    private static string WerkbankDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "werkbank.dll");
        return File.Exists(beside) ? beside : throw new InvalidOperationException("werkbank.dll is not beside the test binary");
    }

    /// <summary>The small base inventory with a /16 network and many users; <paramref name="version"/> changes names, adds and drops users.</summary>
    private static void WriteInventory(string root, int version)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        TempDir.CopyTree(InventoryFixture.BasePath, root);
        var platform = Path.Combine(root, InventoryFiles.Platform);
        File.WriteAllText(platform, File.ReadAllText(platform)
            .Replace("10.50.0.0/24", "10.64.0.0/16", StringComparison.Ordinal)
            .Replace("gateway: 10.50.0.1", "gateway: 10.64.0.1", StringComparison.Ordinal));
        // Placement is real: the one Proxmox host must hold every generated VM.
        var hosts = Path.Combine(root, InventoryFiles.Hosts);
        File.WriteAllText(hosts, File.ReadAllText(hosts)
            .Replace("cores: 16", "cores: 4096", StringComparison.Ordinal)
            .Replace("memory_gib: 64", "memory_gib: 16384", StringComparison.Ordinal));
        var first = version == 1 ? 0 : 30;
        for (var i = first; i < first + Users; i++)
        {
            File.WriteAllText(Path.Combine(root, "users", $"u{i:D4}.yaml"),
                $"full_name: User {i} version {version}\nemail: u{i}@tiny.example\nrole: developer\nteams: [alpha]\n");
        }
    }

    private static Process Start(string inventory, string outDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(inventory)!,
        };
        foreach (var argument in new[] { WerkbankDll(), "render", "--inventory", inventory, "--out", outDirectory, "--templates", Repo.Templates, "--threads", "2" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string? LedgerText(string inventory)
    {
        var path = Path.Combine(inventory, InventoryFiles.Ledger);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    [Fact]
    public void Should_Leave_Out_And_Ledger_Fully_Old_Or_Fully_New_When_Render_Is_Killed()
    {
        using var temp = new TempDir("werkbank-kill-");
        var inventory = temp.Combine("inventory");
        var outDirectory = temp.Combine("out");

        // Reference renders with the real binary: old = version 1, new = version 2 rendered over it.
        WriteInventory(inventory, 1);
        using (var first = Start(inventory, outDirectory))
        {
            first.WaitForExit();
            Assert.Equal(0, first.ExitCode);
        }

        var oldOut = CrashSafetyTests.Snapshot(outDirectory);
        var oldLedger = LedgerText(inventory);
        WriteInventory(inventory, 2);
        if (oldLedger is not null)
        {
            // As in every kill below: version 2 renders on top of version 1's ledger (ids and addresses kept).
            File.WriteAllText(Path.Combine(inventory, InventoryFiles.Ledger), oldLedger);
        }
        var clock = Stopwatch.StartNew();
        using (var second = Start(inventory, outDirectory))
        {
            second.WaitForExit();
            Assert.Equal(0, second.ExitCode);
        }

        var duration = clock.Elapsed;
        var newOut = CrashSafetyTests.Snapshot(outDirectory);
        var newLedger = LedgerText(inventory);
        Assert.NotEqual(oldOut, newOut);
        var (oldInventory, oldOutCopy) = (temp.Combine("inventory-old"), temp.Combine("out-old"));
        WriteInventory(oldInventory, 1);
        using (var again = Start(oldInventory, oldOutCopy))
        {
            again.WaitForExit();
        }

        Assert.Equal(oldOut, CrashSafetyTests.Snapshot(oldOutCopy));

        var outcomes = new List<string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            // Back to the old state: old out/ and old ledger, new inventory.
            Directory.Delete(outDirectory, recursive: true);
            TempDir.CopyTree(oldOutCopy, outDirectory);
            WriteInventory(inventory, 2);
            if (oldLedger is not null)
            {
                File.WriteAllText(Path.Combine(inventory, InventoryFiles.Ledger), oldLedger);
            }

            var delay = duration * (kill + 0.5) / Kills;
            using var process = Start(inventory, outDirectory);
            if (!process.WaitForExit(delay))
            {
                process.Kill(); // SIGKILL on Linux
            }

            process.WaitForExit();

            // The next command's first step (render and plan call it before anything else).
            OutDirectoryWriter.Recover(outDirectory, Path.Combine(inventory, InventoryFiles.Ledger));
            var outNow = CrashSafetyTests.Snapshot(outDirectory);
            var ledgerNow = LedgerText(inventory);
            var isOld = outNow.SequenceEqual(oldOut) && ledgerNow == oldLedger;
            var isNew = outNow.SequenceEqual(newOut) && ledgerNow == newLedger;
            Assert.True(isOld || isNew, $"kill {kill} after {delay.TotalMilliseconds:F0} ms left a mixed out/ or ledger: "
                + $"out old={outNow.SequenceEqual(oldOut)} new={outNow.SequenceEqual(newOut)}, ledger old={ledgerNow == oldLedger} new={ledgerNow == newLedger}, "
                + $"out differs from new in: {string.Join(", ", outNow.Keys.Union(newOut.Keys).Where(k => !outNow.TryGetValue(k, out var a) || !newOut.TryGetValue(k, out var b) || a != b).Take(5))}");
            outcomes.Add(isNew ? "new" : "old");
            Assert.Equal([".out-old.werkbank-lock", ".out.werkbank-lock", "inventory", "inventory-old", "out", "out-old"],
                Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName)
                    .Where(n => !n!.EndsWith(".werkbank-inputs", StringComparison.Ordinal)) // the no-op cache (RenderCache)
                    .Order(StringComparer.Ordinal));
        }

        // A killed run's leftovers, then a real render to the end: new, and nothing left beside out/.
        Directory.CreateDirectory(Path.Combine(OutDirectoryWriter.StagingPath(outDirectory), "cloud-init", "half"));
        File.WriteAllText(Path.Combine(OutDirectoryWriter.StagingPath(outDirectory), "cloud-init", "half", "user-data"), "#cloud-config\n");
        using (var last = Start(inventory, outDirectory))
        {
            last.WaitForExit();
            Assert.Equal(0, last.ExitCode);
        }

        var finalOut = CrashSafetyTests.Snapshot(outDirectory);
        var differing = newOut.Keys.Union(finalOut.Keys).Where(k => !newOut.TryGetValue(k, out var a) || !finalOut.TryGetValue(k, out var b) || a != b).ToList();
        Assert.True(differing.Count == 0, "after the last render these differ from the new reference: " + string.Join(", ", differing.Take(10)));
        Assert.Equal(newLedger, LedgerText(inventory));
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDirectory)));
        TestContext.Current.SendDiagnosticMessage($"kill outcomes: {string.Join(", ", outcomes)} (full render {duration.TotalMilliseconds:F0} ms)");
    }
}
