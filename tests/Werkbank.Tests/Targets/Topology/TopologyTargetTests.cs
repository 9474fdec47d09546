using Werkbank.Targets.Topology;

namespace Werkbank.Tests.Targets.Topology;

public sealed class TopologyTargetTests
{
    [Fact]
    public void Should_Escape_Mermaid_Labels()
    {
        Assert.Equal("a#quot;b#lt;i#gt;#35;x", TopologyTarget.Label("a\"b<i>#x"));
    }

    [Fact]
    public void Should_Show_Every_Host_Service_And_Present_Vm_Once()
    {
        var readme = ServiceRenders.Files("example").Single(f => f.Path == "README.md").ContentAsText;
        var model = Support.TestRender.ExampleBuild().Compilation.Model!;
        Assert.Contains("```mermaid\nflowchart LR\n", readme, StringComparison.Ordinal);
        foreach (var host in model.Hosts)
        {
            Assert.Single(readme.Split('\n'), l => l.StartsWith($"  subgraph h_{host.Name.Replace('-', '_')}[", StringComparison.Ordinal));
        }

        foreach (var user in model.Users)
        {
            var lines = readme.Split('\n').Count(l => l.StartsWith($"    v_{user.Name.Replace('-', '_')}[", StringComparison.Ordinal));
            Assert.Equal(user.State == Werkbank.Model.UserState.Removed ? 0 : 1, lines);
        }

        Assert.Contains($"| central services | {model.Services.Length} |", readme, StringComparison.Ordinal);
        Assert.Contains("[access matrix (who may use what, and why)](reports/access-matrix.md)", readme, StringComparison.Ordinal);
    }
}
