using System.Collections.Immutable;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Apply.Qdrant;

/// <summary>
/// The few Qdrant operations `apply qdrant` uses. <see cref="QdrantClientCollectionApi"/> is the thin
/// adapter over Qdrant.Client; tests use a recording double. There is deliberately no operation on points.
/// </summary>
public interface ICollectionApi
{
    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken);

    Task<LiveCollection> GetCollectionAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the collection, marked with <see cref="LiveCollection.ManagedByKey"/> in its metadata.</summary>
    Task CreateCollectionAsync(PlannedCollection collection, CancellationToken cancellationToken);

    Task CreatePayloadIndexAsync(string collection, PayloadIndex index, CancellationToken cancellationToken);

    /// <summary>Changes what Qdrant can change in place: replication and write consistency, HNSW.</summary>
    Task UpdateCollectionAsync(string collection, int replicationFactor, int writeConsistencyFactor, HnswParams? hnsw, CancellationToken cancellationToken);

    Task DeleteCollectionAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A collection as the cluster reports it, in the plan's terms.</summary>
public sealed record LiveCollection(
    string Name,
    VectorParams? Vectors,
    int ShardNumber,
    int ReplicationFactor,
    int WriteConsistencyFactor,
    LiveHnsw Hnsw,
    ImmutableSortedDictionary<string, PayloadIndex> PayloadIndexes,
    bool ManagedByWerkbank)
{
    /// <summary>Metadata key (and value "werkbank") that marks collections this tool created: only those may ever be pruned.</summary>
    public const string ManagedByKey = "managed-by";

    public const string ManagedByValue = "werkbank";
}

/// <summary>Live HNSW settings; payload_m is unset when Qdrant uses m for payload graphs too.</summary>
public sealed record LiveHnsw(int M, int? PayloadM);
