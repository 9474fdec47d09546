using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Inventory.Documents;
using Werkbank.Model;

namespace Werkbank.Validation;

internal static class TeamRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        foreach (var (name, team) in set.Teams)
        {
            TextRules.CheckPlain("description", team.Description, team.SpanOf("description"), found);
            var leads = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < team.Leads.Count; i++)
            {
                var lead = team.Leads[i];
                var span = team.SpanOf("leads", i);
                if (!leads.Add(lead))
                {
                    found.Add(DiagnosticBuilder.At(span).ListedTwice(lead));
                }
                else if (!set.Users.TryGetValue(lead, out var user))
                {
                    if (set.Broken.Contains(InventoryFiles.UserFile(lead)))
                    {
                        continue; // the user's file has its own error
                    }

                    found.Add(DiagnosticBuilder.At(span).UnknownUser(lead, set.Users.Keys));
                }
                else if (!user.Teams.Contains(name, StringComparer.Ordinal))
                {
                    found.Add(DiagnosticBuilder.At(span).LeadNotMember(lead, name));
                }
            }

            if (team.Qdrant is { } qdrant)
            {
                var collections = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < qdrant.Collections.Count; i++)
                {
                    var collection = qdrant.Collections[i];
                    var span = qdrant.SpanOf("collections", i);
                    if (!Slug.IsValid(collection))
                    {
                        found.Add(DiagnosticBuilder.At(span).InvalidCollectionName(collection));
                    }
                    else if (!collections.Add(collection))
                    {
                        found.Add(DiagnosticBuilder.At(span).ListedTwice(collection));
                    }
                }
            }

            if (team.N8n is { } n8n)
            {
                var workflows = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < n8n.Workflows.Count; i++)
                {
                    var workflow = n8n.Workflows[i];
                    var span = n8n.SpanOf("workflows", i);
                    if (!ServiceCatalog.Workflows.Contains(workflow, StringComparer.Ordinal))
                    {
                        found.Add(DiagnosticBuilder.At(span).UnknownWorkflow(workflow, ServiceCatalog.Workflows));
                    }
                    else if (!workflows.Add(workflow))
                    {
                        found.Add(DiagnosticBuilder.At(span).ListedTwice(workflow));
                    }
                }
            }

            if (team.Gitlab?.Group is { } group
                && !System.Text.RegularExpressions.Regex.IsMatch(group, "^[a-z0-9][a-z0-9_.-]{0,62}(/[a-z0-9][a-z0-9_.-]{0,62}){0,4}\\z"))
            {
                found.Add(DiagnosticBuilder.At(team.Gitlab.SpanOf("group")).InvalidText($"GitLab group '{group}'",
                    "is not a group path (lowercase letters, digits, '_', '.', '-', nested with '/')"));
            }
        }
    }
}
