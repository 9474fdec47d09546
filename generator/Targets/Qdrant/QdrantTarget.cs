using System.Collections.Immutable;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Qdrant;

/// <summary>
/// out/qdrant/plan.json from platform.qdrant and the teams' collections. collection-per-team gives
/// each team its own `&lt;team&gt;-&lt;collection&gt;`; shared-collection gives one collection per name with
/// the tenant key `team` (keyword index, is_tenant) and HNSW built per tenant instead of globally
/// (m=0, payload_m=16), as Qdrant's multitenancy guide recommends.
/// </summary>
public sealed class QdrantTarget : ITarget
{
    public const string TenantKey = "team";
    public const string SourceKey = "source";
    public const string SharedCollection = "shared-collection";

    public string Name => "qdrant";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (!model.HasService("qdrant") || model.Teams.All(t => t.Collections.IsEmpty))
        {
            return;
        }

        var plan = Plan(model);
        var sources = model.Teams.Where(t => !t.Collections.IsEmpty).Select(t => Source.Team(t.Name))
            .Append(Source.Platform).Append(Source.Service("qdrant"));
        output.Add(OutputFile.Text(QdrantPlan.Path, plan.ToJson(), sources));
    }

    public static QdrantPlan Plan(PlatformModel model)
    {
        var settings = model.Platform.Qdrant;
        var shared = settings.Tenancy == SharedCollection;
        var nodes = Math.Max(1, model.Service("qdrant")?.Replicas ?? 1);
        var teams = model.Teams.Where(t => !t.Collections.IsEmpty).ToList();

        var collections = shared
            ? teams.SelectMany(t => t.Collections.Select(c => (Collection: c, Team: t)))
                .GroupBy(x => x.Collection, StringComparer.Ordinal)
                .Select(g => Collection(g.Key, [.. g.Select(x => x.Team.Name)], g.First().Team.VectorSize, settings, nodes, shared))
            : teams.SelectMany(t => t.Collections.Select(c => Collection(CollectionName(model, t.Name, c), [t.Name], t.VectorSize, settings, nodes, shared)));

        var access = teams.Select(t => new TeamAccess(t.Name,
        [
            Key(ReadCredential(t.Name), model, t, "r"),
            Key(WriteCredential(t.Name), model, t, "rw"),
        ]));

        ImmutableArray<string> notes = shared
            ? [
                "One collection per name holds every team's points; each point carries the payload key 'team'.",
                "Searches must filter on 'team'; the JWT payload restriction is deprecated since Qdrant 1.16, so the workflows always add the filter themselves.",
            ]
            : ["Each team has its own collections '<team>-<collection>'; a team's keys name only its own collections."];

        return new QdrantPlan(
            settings.Tenancy,
            new QdrantConnection("QDRANT_URL", "QDRANT_API_KEY", nodes),
            notes,
            [.. collections.OrderBy(c => c.Name, StringComparer.Ordinal)],
            [.. access]);
    }

    /// <summary>The Qdrant collection that holds a team's knowledge base, in the platform's tenancy mode.</summary>
    public static string CollectionName(PlatformModel model, string team, string collection) =>
        model.Platform.Qdrant.Tenancy == SharedCollection ? collection : $"{team}-{collection}";

    /// <summary>n8n credential names for a team's Qdrant keys (the apply step fills them with JWTs).</summary>
    public static string ReadCredential(string team) => $"qdrant-{team}-read";

    public static string WriteCredential(string team) => $"qdrant-{team}-write";

    /// <summary>The CI variable that carries a minted key: qdrant-data-science-read -> QDRANT_JWT_DATA_SCIENCE_READ.</summary>
    public static string JwtVariable(string credential) =>
        "QDRANT_JWT_" + credential["qdrant-".Length..].ToUpperInvariant().Replace('-', '_');

    private static PlannedCollection Collection(string name, ImmutableArray<string> teams, int vectorSize, QdrantSettings settings, int nodes, bool shared) =>
        new(
            name,
            teams,
            new VectorParams(vectorSize, Distance(settings.Distance)),
            ShardNumber: nodes,
            ReplicationFactor: Math.Min(2, nodes),
            WriteConsistencyFactor: 1,
            [
                new PayloadIndex(SourceKey, "keyword"),
                new PayloadIndex(TenantKey, "keyword", IsTenant: shared ? true : null),
            ],
            shared ? new HnswParams(M: 0, PayloadM: 16) : null);

    private static AccessKey Key(string credential, PlatformModel model, TeamModel team, string level)
    {
        var shared = model.Platform.Qdrant.Tenancy == SharedCollection;
        var payload = shared ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(TenantKey, team.Name)]) : null;
        return new AccessKey(credential, JwtVariable(credential), new AccessClaims(
            [.. team.Collections.Select(c => new CollectionAccess(CollectionName(model, team.Name, c), level, payload))]));
    }

    /// <summary>Qdrant's spelling of the inventory's distance (cosine -> Cosine).</summary>
    public static string Distance(string distance) => distance switch
    {
        "cosine" => "Cosine",
        "dot" => "Dot",
        "euclid" => "Euclid",
        "manhattan" => "Manhattan",
        _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, "validated by the loader"),
    };
}
