using System.Globalization;
using System.Text;
using Werkbank.Templates;

namespace Werkbank.Plan;

/// <summary>Renders a <see cref="PlanSummary"/> as the Markdown posted in the merge request.</summary>
public static class PlanMarkdown
{
    public static string Render(PlanSummary plan, string title = "Werkbank plan")
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## {title}\n\n");
        if (plan.IsEmpty)
        {
            md.Append("No change to users, VMs or access.\n");
        }
        else
        {
            md.Append(Headline(plan)).Append("\n\n");
        }

        Section(md, "Warnings", plan.Warnings.Select(w => $"- **warning:** {E(w)}"));
        Section(md, "Users", plan.Users.Select(u => $"- **{UserVerb(u.Kind)}** {E(u.User)}{(u.Detail.Length > 0 ? $": {E(u.Detail)}" : string.Empty)}"));
        if (!plan.Vms.IsEmpty)
        {
            md.Append("### VMs\n\n| VM | change | details |\n|---|---|---|\n");
            foreach (var vm in plan.Vms)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {E(vm.Vm)} | {vm.Kind.ToString().ToLowerInvariant()} | {E(vm.Detail)} |\n");
            }

            md.Append('\n');
        }

        if (!plan.Access.IsEmpty)
        {
            md.Append("### Access\n\n");
            foreach (var service in plan.Access.GroupBy(a => a.Service))
            {
                md.Append(CultureInfo.InvariantCulture, $"#### {E(service.Key)}\n\n");
                foreach (var change in service)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- {E(change.Describe())}\n");
                }

                md.Append('\n');
            }
        }

        if (!plan.Capacity.IsEmpty)
        {
            md.Append("### Capacity after the change\n\n| host | VMs | cores / limit | memory GiB / limit | GPUs / total |\n|---|---|---|---|---|\n");
            foreach (var host in plan.Capacity)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {E(host.Host)} | {host.Vms}{Delta(host.Vms - host.VmsBefore)} | {host.Cores} / {host.CoreLimit:0.#}{Delta(host.Cores - host.CoresBefore)} | {host.MemoryGib} / {host.MemoryLimitGib:0.#}{Delta(host.MemoryGib - host.MemoryGibBefore)} | {host.Gpus} / {host.GpuLimit}{Delta(host.Gpus - host.GpusBefore)} |\n");
            }

            md.Append('\n');
        }

        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static string Headline(PlanSummary plan)
    {
        var parts = new List<string>();
        foreach (var kind in Enum.GetValues<UserChangeKind>())
        {
            var count = plan.Users.Count(u => u.Kind == kind);
            if (count > 0)
            {
                parts.Add(Counted(count, kind));
            }
        }

        foreach (var kind in Enum.GetValues<VmChangeKind>())
        {
            var count = plan.Vms.Count(v => v.Kind == kind);
            if (count > 0)
            {
                parts.Add($"{count} VM{(count == 1 ? string.Empty : "s")} {kind.ToString().ToLowerInvariant()}");
            }
        }

        var granted = plan.Access.Count(a => a.From is null);
        var revoked = plan.Access.Count(a => a.To is null);
        var changed = plan.Access.Length - granted - revoked;
        parts.Add($"access: {granted} granted, {revoked} revoked, {changed} changed");
        var summary = string.Join(", ", parts);
        return plan.Warnings.IsEmpty ? summary : $"{summary}. **{plan.Warnings.Length} warning(s): review before merging.**";
    }

    private static string Counted(int count, UserChangeKind kind)
    {
        var users = count == 1 ? "user" : "users";
        return kind switch
        {
            UserChangeKind.RoleChanged => $"{count} role change{(count == 1 ? string.Empty : "s")}",
            UserChangeKind.JoinedTeam => $"{count} team join{(count == 1 ? string.Empty : "s")}",
            UserChangeKind.LeftTeam => $"{count} team leave{(count == 1 ? string.Empty : "s")}",
            _ => $"{count} {users} {UserVerb(kind)}",
        };
    }

    private static string UserVerb(UserChangeKind kind) => kind switch
    {
        UserChangeKind.Added => "added",
        UserChangeKind.Reactivated => "reactivated",
        UserChangeKind.Suspended => "suspended",
        UserChangeKind.Removed => "removed",
        UserChangeKind.RoleChanged => "role changed",
        UserChangeKind.JoinedTeam => "joins team",
        UserChangeKind.LeftTeam => "leaves team",
        _ => "edited",
    };

    private static void Section(StringBuilder md, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"### {title}\n\n");
        foreach (var line in list)
        {
            md.Append(line).Append('\n');
        }

        md.Append('\n');
    }

    private static string Delta(int delta) => delta switch
    {
        > 0 => $" (+{delta})",
        < 0 => $" ({delta})",
        _ => string.Empty,
    };

    private static string E(string text) => Escape.Markdown(text);
}
