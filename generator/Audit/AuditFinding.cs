using System.Collections.Immutable;

namespace Werkbank.Audit;

/// <summary>One way a rendered file grants more or less than the inventory intends.</summary>
public sealed record AuditFinding(string File, string Subject, string Message)
{
    public override string ToString() => $"{File}: {Subject}: {Message}";
}

/// <summary>The findings of an audit, and which files were read.</summary>
public sealed record AuditResult(ImmutableArray<AuditFinding> Findings, ImmutableArray<string> Checked)
{
    public bool Clean => Findings.IsEmpty;
}

/// <summary>Collects findings for one file.</summary>
internal sealed class Findings(string file)
{
    public List<AuditFinding> Items { get; } = [];

    public string File { get; } = file;

    public void Add(string subject, string message) => Items.Add(new AuditFinding(File, subject, message));

    /// <summary>Reports every element of the two sets that is only on one side.</summary>
    public void CompareSets(string subject, string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var want = expected.ToHashSet(StringComparer.Ordinal);
        var have = actual.ToHashSet(StringComparer.Ordinal);
        foreach (var extra in have.Except(want).Order(StringComparer.Ordinal))
        {
            Add(subject, $"grants {what} '{extra}' that the inventory does not");
        }

        foreach (var missing in want.Except(have).Order(StringComparer.Ordinal))
        {
            Add(subject, $"lacks {what} '{missing}' that the inventory grants");
        }
    }
}
