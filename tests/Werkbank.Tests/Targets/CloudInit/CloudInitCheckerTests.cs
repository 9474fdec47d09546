using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.CloudInit;

/// <summary>Every rendered user-data passes cloud-init's own schema check; every network-config passes netplan.</summary>
public sealed class CloudInitCheckerTests
{
    [Fact]
    public void Should_Pass_Cloud_Init_Schema_For_Every_User_Data()
    {
        var cloudInit = ExternalTool.Require("cloud-init");
        using var temp = new TempDir();
        var files = TestRender.ExampleFiles().Where(f => f.Path.EndsWith("/user-data", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        TestRender.WriteTo(temp.Path, files);
        foreach (var file in files)
        {
            Assert.StartsWith("#cloud-config\n", file.ContentAsText, StringComparison.Ordinal);
            var result = ExternalTool.Run(cloudInit, ["schema", "--config-file", temp.Combine(file.Path)]);
            Assert.True(result.ExitCode == 0, $"{file.Path}: {result.Output}");
            Assert.Contains("Valid", result.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Should_Reject_A_Broken_User_Data_With_The_Same_Check()
    {
        // Guards the check above: cloud-init schema must really fail on a wrong type.
        var cloudInit = ExternalTool.Require("cloud-init");
        using var temp = new TempDir();
        var path = temp.Combine("user-data");
        File.WriteAllText(path, "#cloud-config\nusers:\n  - name: x\n    sudo: [1, 2]\nssh_pwauth: maybe\n");
        Assert.NotEqual(0, ExternalTool.Run(cloudInit, ["schema", "--config-file", path]).ExitCode);
    }

    [Fact]
    public void Should_Pass_Netplan_Generate_For_Every_Network_Config()
    {
        var netplan = ExternalTool.Require("netplan", "apt-get install netplan.io");
        var files = TestRender.ExampleFiles().Where(f => f.Path.EndsWith("/network-config", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var temp = new TempDir();
            var netplanDir = temp.Combine("etc", "netplan");
            Directory.CreateDirectory(netplanDir);
            var target = Path.Combine(netplanDir, "50-cloud-init.yaml");
            File.WriteAllBytes(target, file.Content);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var result = ExternalTool.Run(netplan, ["generate", "--root-dir", temp.Path]);
            Assert.True(result.ExitCode == 0, $"{file.Path}: {result.Output}");
            var networkd = Directory.EnumerateFiles(temp.Path, "*.network", SearchOption.AllDirectories).ToList();
            Assert.NotEmpty(networkd);
            var unit = File.ReadAllText(networkd[0]);
            Assert.Contains("Address=", unit, StringComparison.Ordinal);
        }
    }
}
