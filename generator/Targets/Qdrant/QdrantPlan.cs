using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Werkbank.Output;

namespace Werkbank.Targets.Qdrant;

/// <summary>
/// out/qdrant/plan.json: what the Qdrant cluster should hold. Written by <see cref="QdrantTarget"/>,
/// read back by `apply-qdrant`, so the one shape serves both sides. Names follow Qdrant's REST API
/// (vectors.size, hnsw_config.payload_m, field_schema, is_tenant) so that a reader can compare it with
/// the collection info Qdrant reports.
/// </summary>
public sealed record QdrantPlan(
    string Tenancy,
    QdrantConnection Connection,
    ImmutableArray<string> Notes,
    ImmutableArray<PlannedCollection> Collections,
    ImmutableArray<TeamAccess> Access)
{
    public const string Path = "qdrant/plan.json";

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        IndentSize = 2,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // Metadata generated at build time: reflection-based metadata emitted and compiled ~100 accessors on first use.
        TypeInfoResolver = QdrantPlanJson.Default,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions.TypeInfo<QdrantPlan>()) + "\n";

    public static QdrantPlan FromJson(string json) =>
        JsonSerializer.Deserialize(json, JsonOptions.TypeInfo<QdrantPlan>()) ?? throw new JsonException("the plan is empty");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(QdrantPlan))]
internal sealed partial class QdrantPlanJson : JsonSerializerContext;

/// <summary>Where apply finds the cluster: names of environment variables, never their values.</summary>
public sealed record QdrantConnection(string UrlVariable, string ApiKeyVariable, int Nodes);

public sealed record PlannedCollection(
    string Name,
    ImmutableArray<string> Teams,
    VectorParams Vectors,
    int ShardNumber,
    int ReplicationFactor,
    int WriteConsistencyFactor,
    ImmutableArray<PayloadIndex> PayloadIndexes,
    HnswParams? HnswConfig = null);

/// <summary>Distance as Qdrant spells it: Cosine, Dot, Euclid, Manhattan.</summary>
public sealed record VectorParams(int Size, string Distance);

/// <summary>HNSW graph settings (null: Qdrant's defaults).</summary>
public sealed record HnswParams(int M, int PayloadM);

/// <summary>A payload index: field name, schema type (keyword, integer, ...) and, for the tenant key, is_tenant.</summary>
public sealed record PayloadIndex(string FieldName, string FieldSchema, bool? IsTenant = null);

/// <summary>A team's keys: one read-only (question answering), one read-write (ingest).</summary>
public sealed record TeamAccess(string Team, ImmutableArray<AccessKey> Keys);

/// <summary>
/// One Qdrant JWT the apply step mints (signed with the cluster's API key) and stores as the n8n
/// credential <see cref="CredentialName"/> through the CI variable <see cref="Variable"/>; <see cref="Claims"/> is its payload.
/// </summary>
public sealed record AccessKey(string CredentialName, string Variable, AccessClaims Claims);

public sealed record AccessClaims(ImmutableArray<CollectionAccess> Access);

/// <summary>One entry of Qdrant's `access` claim: collection, "r" or "rw", and for a shared collection the team's payload.</summary>
public sealed record CollectionAccess(string Collection, string Access, ImmutableSortedDictionary<string, string>? Payload = null);
