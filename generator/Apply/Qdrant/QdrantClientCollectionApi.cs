using System.Collections.Immutable;
using Werkbank.Targets.Qdrant;
using QGrpc = global::Qdrant.Client.Grpc;
using QdrantClient = global::Qdrant.Client.QdrantClient;

namespace Werkbank.Apply.Qdrant;

/// <summary>
/// The thin adapter over Qdrant.Client (gRPC, port 6334): translates between the plan's terms and
/// the client's messages, nothing more. Tested against a real Qdrant when QDRANT_URL is set.
/// </summary>
public sealed class QdrantClientCollectionApi(QdrantClient client) : ICollectionApi, IDisposable
{
    public const int DefaultGrpcPort = 6334;

    /// <summary>A client for QDRANT_URL (http(s)://host[:port]; the gRPC port 6334 when none is given) and QDRANT_API_KEY.</summary>
    public static QdrantClientCollectionApi Connect(string url, string? apiKey)
    {
        var uri = new UriBuilder(url);
        if (!url.Contains("://", StringComparison.Ordinal) || uri.Uri.IsDefaultPort)
        {
            uri.Port = DefaultGrpcPort;
        }

        return new QdrantClientCollectionApi(new QdrantClient(uri.Uri, string.IsNullOrEmpty(apiKey) ? null : apiKey, TimeSpan.FromSeconds(30)));
    }

    public async Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken) =>
        await client.ListCollectionsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<LiveCollection> GetCollectionAsync(string name, CancellationToken cancellationToken)
    {
        var info = await client.GetCollectionInfoAsync(name, cancellationToken).ConfigureAwait(false);
        var parameters = info.Config.Params;
        var vectors = parameters.VectorsConfig?.ConfigCase == QGrpc.VectorsConfig.ConfigOneofCase.Params
            ? new VectorParams(checked((int)parameters.VectorsConfig.Params.Size), parameters.VectorsConfig.Params.Distance.ToString())
            : null;
        var hnsw = info.Config.HnswConfig;
        var indexes = info.PayloadSchema.ToImmutableSortedDictionary(
            p => p.Key,
            p => new PayloadIndex(p.Key, p.Value.DataType.ToString().ToLowerInvariant(),
                p.Value.Params?.KeywordIndexParams is { HasIsTenant: true, IsTenant: true } ? true : null),
            StringComparer.Ordinal);
        var managed = info.Config.Metadata.TryGetValue(LiveCollection.ManagedByKey, out var marker) && marker.StringValue == LiveCollection.ManagedByValue;
        return new LiveCollection(
            name,
            vectors,
            checked((int)parameters.ShardNumber),
            checked((int)parameters.ReplicationFactor),
            checked((int)parameters.WriteConsistencyFactor),
            new LiveHnsw(checked((int)hnsw.M), hnsw.HasPayloadM ? checked((int)hnsw.PayloadM) : null),
            indexes,
            managed);
    }

    public Task CreateCollectionAsync(PlannedCollection collection, CancellationToken cancellationToken) =>
        client.CreateCollectionAsync(
            collection.Name,
            new QGrpc.VectorParams { Size = checked((ulong)collection.Vectors.Size), Distance = Enum.Parse<QGrpc.Distance>(collection.Vectors.Distance) },
            new Dictionary<string, QGrpc.Value> { [LiveCollection.ManagedByKey] = LiveCollection.ManagedByValue },
            shardNumber: checked((uint)collection.ShardNumber),
            replicationFactor: checked((uint)collection.ReplicationFactor),
            writeConsistencyFactor: checked((uint)collection.WriteConsistencyFactor),
            hnswConfig: Hnsw(collection.HnswConfig),
            cancellationToken: cancellationToken);

    public Task CreatePayloadIndexAsync(string collection, PayloadIndex index, CancellationToken cancellationToken) =>
        client.CreatePayloadIndexAsync(
            collection,
            index.FieldName,
            Enum.Parse<QGrpc.PayloadSchemaType>(index.FieldSchema, ignoreCase: true),
            index.IsTenant == true ? new QGrpc.PayloadIndexParams { KeywordIndexParams = new QGrpc.KeywordIndexParams { IsTenant = true } } : null,
            wait: true,
            cancellationToken: cancellationToken);

    public Task UpdateCollectionAsync(string collection, int replicationFactor, int writeConsistencyFactor, HnswParams? hnsw, CancellationToken cancellationToken) =>
        client.UpdateCollectionAsync(
            collection,
            collectionParams: new QGrpc.CollectionParamsDiff
            {
                ReplicationFactor = checked((uint)replicationFactor),
                WriteConsistencyFactor = checked((uint)writeConsistencyFactor),
            },
            hnswConfig: Hnsw(hnsw),
            cancellationToken: cancellationToken);

    public Task DeleteCollectionAsync(string name, CancellationToken cancellationToken) =>
        client.DeleteCollectionAsync(name, cancellationToken: cancellationToken);

    public void Dispose() => client.Dispose();

    private static QGrpc.HnswConfigDiff? Hnsw(HnswParams? hnsw) =>
        hnsw is null ? null : new QGrpc.HnswConfigDiff { M = checked((ulong)hnsw.M), PayloadM = checked((ulong)hnsw.PayloadM) };
}
