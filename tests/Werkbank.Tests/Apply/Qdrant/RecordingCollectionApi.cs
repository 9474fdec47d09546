using System.Collections.Immutable;
using Grpc.Core;
using Werkbank.Apply.Qdrant;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Tests.Apply.Qdrant;

/// <summary>
/// An in-memory Qdrant that records every call ("create docs", "index docs.team", ...) and can be
/// told to fail the next calls with a gRPC status, for the retry tests.
/// </summary>
internal sealed class RecordingCollectionApi : ICollectionApi
{
    private readonly Dictionary<string, LiveCollection> collections = new(StringComparer.Ordinal);
    private readonly Queue<StatusCode> failures = new();

    public List<string> Calls { get; } = [];

    /// <summary>Calls that change the cluster.</summary>
    public IEnumerable<string> Changes => Calls.Where(c => !c.StartsWith("list", StringComparison.Ordinal) && !c.StartsWith("get ", StringComparison.Ordinal));

    public IReadOnlyDictionary<string, LiveCollection> Collections => collections;

    public RecordingCollectionApi With(LiveCollection collection)
    {
        collections[collection.Name] = collection;
        return this;
    }

    public RecordingCollectionApi FailNext(params StatusCode[] codes)
    {
        foreach (var code in codes)
        {
            failures.Enqueue(code);
        }

        return this;
    }

    public static LiveCollection Live(PlannedCollection planned, bool managed = true) =>
        new(planned.Name, planned.Vectors, planned.ShardNumber, planned.ReplicationFactor, planned.WriteConsistencyFactor,
            planned.HnswConfig is { } h ? new LiveHnsw(h.M, h.PayloadM) : new LiveHnsw(16, null),
            planned.PayloadIndexes.ToImmutableSortedDictionary(i => i.FieldName, i => i, StringComparer.Ordinal), managed);

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken) =>
        Call("list", () => (IReadOnlyList<string>)[.. collections.Keys]);

    public Task<LiveCollection> GetCollectionAsync(string name, CancellationToken cancellationToken) =>
        Call($"get {name}", () => collections[name]);

    public Task CreateCollectionAsync(PlannedCollection collection, CancellationToken cancellationToken) =>
        Call($"create {collection.Name}", () => collections.TryAdd(collection.Name, Live(collection with { PayloadIndexes = [] }))
            ? true : throw new RpcException(new Status(StatusCode.AlreadyExists, "exists")));

    public Task CreatePayloadIndexAsync(string collection, PayloadIndex index, CancellationToken cancellationToken) =>
        Call($"index {collection}.{index.FieldName}", () => collections[collection] = collections[collection] with
        {
            PayloadIndexes = collections[collection].PayloadIndexes.SetItem(index.FieldName, index),
        });

    public Task UpdateCollectionAsync(string collection, int replicationFactor, int writeConsistencyFactor, HnswParams? hnsw, CancellationToken cancellationToken) =>
        Call($"update {collection}", () => collections[collection] = collections[collection] with
        {
            ReplicationFactor = replicationFactor,
            WriteConsistencyFactor = writeConsistencyFactor,
            Hnsw = hnsw is null ? collections[collection].Hnsw : new LiveHnsw(hnsw.M, hnsw.PayloadM),
        });

    public Task DeleteCollectionAsync(string name, CancellationToken cancellationToken) =>
        Call($"delete {name}", () => collections.Remove(name));

    private Task<T> Call<T>(string call, Func<T> action)
    {
        Calls.Add(call);
        if (failures.TryDequeue(out var code))
        {
            return Task.FromException<T>(new RpcException(new Status(code, "injected")));
        }

        try
        {
            return Task.FromResult(action());
        }
        catch (RpcException ex)
        {
            return Task.FromException<T>(ex);
        }
    }
}
