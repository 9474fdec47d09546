using Werkbank.Plan;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Plan;

public sealed class PlanDiffTests
{
    private static PlanSummary Diff(string @case)
    {
        var folder = Repo.Path("tests", "Plans", @case);
        var before = Pipeline.Compiler.Compile(Path.Combine(folder, "base")).Model;
        var after = Pipeline.Compiler.Compile(Path.Combine(folder, "head")).Model!;
        return PlanDiff.Compare(before, after);
    }

    [Fact]
    public void Should_Say_What_A_New_Team_Member_Gains()
    {
        var plan = Diff("team-change");
        Assert.Contains(plan.Access, a => a.Describe() == "bob joins data-science: gains qdrant user on data-science-docs");
        Assert.Contains(plan.Access, a => a.Describe() == "carol leaves support: loses qdrant editor on support-tickets");
        Assert.Empty(plan.Vms);
    }

    [Fact]
    public void Should_Warn_Before_A_Vm_Is_Destroyed()
    {
        var plan = Diff("remove-user");
        Assert.Contains(plan.Vms, v => v.Vm == "carol-ws" && v.Kind == VmChangeKind.Destroyed);
        Assert.Contains(plan.Warnings, w => w.Contains("carol-ws", StringComparison.Ordinal) && w.Contains("destroyed", StringComparison.Ordinal));
        Assert.All(plan.Access.Where(a => a.User == "carol"), a => Assert.Null(a.To));
    }

    [Fact]
    public void Should_Report_Nothing_When_Nothing_Changed()
    {
        var folder = Repo.Path("tests", "Plans", "add-user", "base");
        var model = Pipeline.Compiler.Compile(folder).Model!;
        var plan = PlanDiff.Compare(model, model);
        Assert.True(plan.IsEmpty);
        Assert.Contains("No change to users, VMs or access.", PlanMarkdown.Render(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Count_New_Vms_In_Host_Capacity()
    {
        var plan = Diff("add-user");
        var host = Assert.Single(plan.Capacity);
        Assert.Equal(host.VmsBefore + 1, host.Vms);
        Assert.Equal(host.CoresBefore + 4, host.Cores);
    }
}
