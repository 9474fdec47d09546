using System.Text.Json.Nodes;
using Werkbank.Access;
using Werkbank.Inventory;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.GitLab;

/// <summary>
/// out/gitlab/plan.json when gitlab is deployed: a group per team (its gitlab.group path) with the team's
/// active members at the level their role's <c>gitlab</c> access maps to (<see cref="GitLabLevels"/>), and
/// the users to block (suspended). Removed users are absent; the apply step never deletes their projects.
/// </summary>
public sealed class GitLabPlanTarget : ITarget
{
    public const string Path = "gitlab/plan.json";

    public string Name => "gitlab";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (!model.HasService("gitlab"))
        {
            return;
        }

        var plan = new JsonObject
        {
            ["format"] = 1,
            ["url"] = $"https://{model.Fqdn("gitlab")}",
            ["access_levels"] = new JsonObject
            {
                ["user"] = GitLabLevels.Reporter,
                ["editor"] = GitLabLevels.Developer,
                ["admin"] = GitLabLevels.Maintainer,
                ["team_lead"] = GitLabLevels.Maintainer,
            },
            ["groups"] = new JsonArray([.. model.Teams.Select(t => Group(model, t))]),
            ["blocked_users"] = JsonText.Strings(model.Users.Where(u => u.State == UserState.Suspended).Select(u => u.Name).Order(StringComparer.Ordinal)),
        };
        var sources = model.Teams.Select(t => Source.Team(t.Name)).Concat(model.PresentUsers.Select(u => Source.User(u.Name)))
            .Concat(model.Roles.Select(r => Source.Role(r.Name)));
        output.Add(JsonText.File(Path, plan, sources));
    }

    private static JsonObject Group(PlatformModel model, TeamModel team)
    {
        var members = new JsonArray();
        foreach (var name in team.Members.Order(StringComparer.Ordinal))
        {
            var user = model.User(name)!;
            var lead = team.Leads.Contains(name, StringComparer.Ordinal);
            if (user.State != UserState.Active || GitLabLevels.For(user.LevelFor("gitlab"), lead) is not { } level)
            {
                continue;
            }

            var grant = user.Access["gitlab"];
            members.Add((JsonNode)new JsonObject
            {
                ["username"] = name,
                ["access_level"] = level,
                ["access"] = GitLabLevels.Name(level),
                ["granted_by"] = lead
                    ? $"{InventoryFiles.TeamFile(team.Name)}: leads; {grant.GrantedBy}"
                    : grant.GrantedBy.ToString(),
            });
        }

        return new JsonObject
        {
            ["team"] = team.Name,
            ["path"] = team.GitlabGroup,
            ["name"] = team.Name,
            ["description"] = team.Description,
            ["visibility"] = "private",
            ["members"] = members,
        };
    }
}
