using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Proxmox;

/// <summary>The real Ansible checkers (Debian's ansible and ansible-lint) over a rendered out/proxmox/.</summary>
internal static class AnsibleChecks
{
    /// <summary>Writes the files into a temp out/ and runs syntax-check, inventory parsing and ansible-lint --strict; returns the inventory JSON.</summary>
    public static string RunAll(IEnumerable<OutputFile> files, TempDir temp)
    {
        var playbook = ExternalTool.Require("ansible-playbook", "apt-get install -y --no-install-recommends ansible");
        var inventory = ExternalTool.Require("ansible-inventory", "apt-get install -y --no-install-recommends ansible");
        var lint = ExternalTool.Require("ansible-lint", "apt-get install -y --no-install-recommends ansible-lint");
        var outDir = temp.Combine("out");
        TestRender.WriteTo(outDir, files);
        var folder = Path.Combine(outDir, "proxmox");
        var environment = new Dictionary<string, string>
        {
            ["ANSIBLE_LOCAL_TEMP"] = temp.Combine("ansible-tmp"),
            ["HOME"] = temp.Path, // ansible-lint and ansible write caches under $HOME
            ["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "true",
            ["ANSIBLE_NOCOLOR"] = "1",
        };

        var syntax = ExternalTool.Run(playbook, ["-i", "inventory.yml", "--syntax-check", "provision.yml"], folder, environment);
        Assert.True(syntax.ExitCode == 0, "ansible-playbook --syntax-check failed:\n" + syntax.Output);

        var list = ExternalTool.Run(inventory, ["-i", "inventory.yml", "--list"], folder, environment);
        Assert.True(list.ExitCode == 0, "ansible-inventory --list failed:\n" + list.Output);
        Assert.DoesNotContain("[WARNING]", list.StdErr, StringComparison.Ordinal);

        var linted = ExternalTool.Run(lint, ["--offline", "--strict", "--nocolor", "provision.yml"], folder, environment);
        Assert.True(linted.ExitCode == 0, "ansible-lint --offline --strict failed:\n" + linted.Output);
        return list.StdOut;
    }
}
