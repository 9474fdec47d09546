using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Werkbank.Output;

namespace Werkbank.Apply.Gitlab;

/// <summary>
/// out/gitlab/plan.json as `apply gitlab` reads it (written by Targets/GitLab/GitLabPlanTarget): a group
/// per team (full path, parents included) with its active members and their access levels, and the
/// users to block (suspended). Removed users appear nowhere.
/// </summary>
public sealed record GitLabPlan(int Format, string Url, ImmutableArray<PlannedGroup> Groups, ImmutableArray<string> BlockedUsers)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = GitLabPlanJson.Default, // generated at build time: the native AOT build has no reflection to offer
    };

    public static GitLabPlan FromJson(string json)
    {
        var plan = JsonSerializer.Deserialize(json, Options.TypeInfo<GitLabPlan>()) ?? throw new JsonException("the plan is empty");
        return plan.Format == 1 ? plan : throw new JsonException($"format {plan.Format} is not supported (expected 1)");
    }
}

public sealed record PlannedGroup(string Team, string Path, string Name, string? Description, string Visibility, ImmutableArray<PlannedMember> Members);

public sealed record PlannedMember(string Username, [property: JsonPropertyName("access_level")] int AccessLevel, string Access, string? GrantedBy);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(GitLabPlan))]
internal sealed partial class GitLabPlanJson : JsonSerializerContext;
