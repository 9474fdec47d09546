using Grpc.Core;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Apply.Qdrant;

/// <summary>
/// Retries transient gRPC failures (Unavailable, DeadlineExceeded) with bounded exponential backoff:
/// <see cref="MaxAttempts"/> tries, waiting 0.5 s, 1 s, 2 s, ... (at most <see cref="MaxDelay"/>).
/// Every operation apply uses is safe to repeat: a create that reached the server before the
/// connection dropped shows up as "already exists", which counts as done.
/// </summary>
public sealed class RetryingCollectionApi(ICollectionApi inner, Func<TimeSpan, CancellationToken, Task>? delay = null, Action<string>? log = null) : ICollectionApi
{
    public const int MaxAttempts = 5;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);

    private readonly Func<TimeSpan, CancellationToken, Task> delay = delay ?? Task.Delay;

    public static bool IsTransient(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded };

    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 16)));

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken) =>
        Retry("list collections", () => inner.ListCollectionsAsync(cancellationToken), cancellationToken);

    public Task<LiveCollection> GetCollectionAsync(string name, CancellationToken cancellationToken) =>
        Retry($"read collection {name}", () => inner.GetCollectionAsync(name, cancellationToken), cancellationToken);

    public Task CreateCollectionAsync(PlannedCollection collection, CancellationToken cancellationToken) =>
        Retry($"create collection {collection.Name}", () => AlreadyExistsIsDone(() => inner.CreateCollectionAsync(collection, cancellationToken)), cancellationToken);

    public Task CreatePayloadIndexAsync(string collection, PayloadIndex index, CancellationToken cancellationToken) =>
        Retry($"create payload index {collection}.{index.FieldName}", () => AlreadyExistsIsDone(() => inner.CreatePayloadIndexAsync(collection, index, cancellationToken)), cancellationToken);

    public Task UpdateCollectionAsync(string collection, int replicationFactor, int writeConsistencyFactor, HnswParams? hnsw, CancellationToken cancellationToken) =>
        Retry($"update collection {collection}", () => Done(inner.UpdateCollectionAsync(collection, replicationFactor, writeConsistencyFactor, hnsw, cancellationToken)), cancellationToken);

    public Task DeleteCollectionAsync(string name, CancellationToken cancellationToken) =>
        Retry($"delete collection {name}", () => Done(inner.DeleteCollectionAsync(name, cancellationToken)), cancellationToken);

    private async Task<T> Retry<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < MaxAttempts)
            {
                var wait = Backoff(attempt);
                log?.Invoke($"{what}: {((RpcException)ex).StatusCode}, attempt {attempt} of {MaxAttempts}; retrying in {wait.TotalSeconds:0.0} s");
                await delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> AlreadyExistsIsDone(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // an earlier attempt got through before its answer was lost
        }

        return true;
    }
}
