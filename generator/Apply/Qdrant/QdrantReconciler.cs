using System.Collections.Immutable;
using System.Globalization;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Apply.Qdrant;

/// <summary>One thing apply found: something to do, something in sync, or drift it must not fix.</summary>
public abstract record QdrantStep(string Collection)
{
    /// <summary>Does executing this step change the cluster?</summary>
    public virtual bool Changes => false;

    public abstract string Describe(bool dryRun);

    protected static string Verb(bool dryRun, string present, string future) => dryRun ? future : present;
}

public sealed record CreateCollection(PlannedCollection Planned) : QdrantStep(Planned.Name)
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"+ {Verb(dryRun, "created", "create")} collection {Collection}: {QdrantReconciler.Summary(Planned)}";
}

public sealed record CreateIndex(string Collection, PayloadIndex Index) : QdrantStep(Collection)
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"+ {Verb(dryRun, "created", "create")} payload index {Collection}.{Index.FieldName} ({Index.FieldSchema}{(Index.IsTenant == true ? ", tenant key" : string.Empty)})";
}

public sealed record UpdateCollection(string Collection, PlannedCollection Planned, string What) : QdrantStep(Collection)
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) => $"~ {Verb(dryRun, "updated", "update")} {Collection} in place: {What}";
}

public sealed record DeleteCollection(string Collection) : QdrantStep(Collection)
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"- {Verb(dryRun, "deleted", "delete")} collection {Collection} with its points: it is no longer in the plan (--prune)";
}

public sealed record InSync(string Collection) : QdrantStep(Collection)
{
    public override string Describe(bool dryRun) => $"= {Collection}: in sync";
}

/// <summary>A parameter Qdrant cannot change in place: reported, never "fixed" by deleting data.</summary>
public sealed record Drift(string Collection, string Parameter, string Live, string Planned, string Remedy) : QdrantStep(Collection)
{
    public override string Describe(bool dryRun) =>
        $"! {Collection}: {Parameter} is {Live} in the cluster but {Planned} in the plan; this cannot change in place. {Remedy}";
}

/// <summary>A collection in the cluster that the plan does not name, left alone.</summary>
public sealed record Unplanned(string Collection, bool Managed) : QdrantStep(Collection)
{
    public override string Describe(bool dryRun) => Managed
        ? $"? {Collection}: created by Werkbank but no longer in the plan; kept (apply --prune deletes it with its points)"
        : $"? {Collection}: not created by Werkbank; never touched";
}

/// <summary>
/// Compares the plan with the live collections (a pure function, so every case is testable without
/// a cluster) and executes the resulting steps. Idempotent: after a successful apply the same plan
/// gives only <see cref="InSync"/> steps.
/// </summary>
public static class QdrantReconciler
{
    public static ImmutableArray<QdrantStep> Diff(QdrantPlan plan, IEnumerable<LiveCollection> live, bool prune)
    {
        var liveByName = live.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var steps = new List<QdrantStep>();
        foreach (var planned in plan.Collections)
        {
            if (!liveByName.TryGetValue(planned.Name, out var current))
            {
                steps.Add(new CreateCollection(planned));
                steps.AddRange(planned.PayloadIndexes.Select(i => new CreateIndex(planned.Name, i)));
                continue;
            }

            var before = steps.Count;
            steps.AddRange(Drifts(planned, current));
            if (InPlaceChanges(planned, current) is { Length: > 0 } what)
            {
                steps.Add(new UpdateCollection(planned.Name, planned, what));
            }

            foreach (var index in planned.PayloadIndexes)
            {
                if (!current.PayloadIndexes.TryGetValue(index.FieldName, out var existing))
                {
                    steps.Add(new CreateIndex(planned.Name, index));
                }
                else if (existing.FieldSchema != index.FieldSchema || (existing.IsTenant ?? false) != (index.IsTenant ?? false))
                {
                    steps.Add(new Drift(planned.Name, $"payload index '{index.FieldName}'", IndexText(existing), IndexText(index),
                        "Delete that payload index by hand and apply again; the points stay."));
                }
            }

            if (steps.Count == before)
            {
                steps.Add(new InSync(planned.Name));
            }
        }

        var plannedNames = plan.Collections.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var current in liveByName.Values.Where(c => !plannedNames.Contains(c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            steps.Add(prune && current.ManagedByWerkbank ? new DeleteCollection(current.Name) : new Unplanned(current.Name, current.ManagedByWerkbank));
        }

        return [.. steps];
    }

    /// <summary>Runs the steps that change the cluster, in order; the others are only reported.</summary>
    public static async Task ExecuteAsync(IEnumerable<QdrantStep> steps, ICollectionApi api, Action<QdrantStep> done, CancellationToken cancellationToken)
    {
        foreach (var step in steps.Where(s => s.Changes))
        {
            switch (step)
            {
                case CreateCollection create:
                    await api.CreateCollectionAsync(create.Planned, cancellationToken).ConfigureAwait(false);
                    break;
                case CreateIndex index:
                    await api.CreatePayloadIndexAsync(index.Collection, index.Index, cancellationToken).ConfigureAwait(false);
                    break;
                case UpdateCollection update:
                    await api.UpdateCollectionAsync(update.Collection, update.Planned.ReplicationFactor, update.Planned.WriteConsistencyFactor,
                        update.Planned.HnswConfig, cancellationToken).ConfigureAwait(false);
                    break;
                case DeleteCollection delete:
                    await api.DeleteCollectionAsync(delete.Collection, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"no executor for {step.GetType().Name}");
            }

            done(step);
        }
    }

    /// <summary>Reads every live collection through the API.</summary>
    public static async Task<IReadOnlyList<LiveCollection>> ReadLiveAsync(ICollectionApi api, CancellationToken cancellationToken)
    {
        var names = await api.ListCollectionsAsync(cancellationToken).ConfigureAwait(false);
        var live = new List<LiveCollection>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            live.Add(await api.GetCollectionAsync(name, cancellationToken).ConfigureAwait(false));
        }

        return live;
    }

    public static string Summary(PlannedCollection planned) =>
        string.Create(CultureInfo.InvariantCulture,
            $"vectors {planned.Vectors.Size} {planned.Vectors.Distance}, {planned.ShardNumber} shard(s) x {planned.ReplicationFactor} replica(s), " +
            $"{(planned.HnswConfig is { } hnsw ? $"HNSW m={hnsw.M} payload_m={hnsw.PayloadM} (per-tenant graphs)" : "default HNSW")}, teams {string.Join(", ", planned.Teams)}");

    private static IEnumerable<QdrantStep> Drifts(PlannedCollection planned, LiveCollection current)
    {
        const string recreate = "Recreate it by hand: export or re-ingest the points, delete the collection, apply again.";
        if (current.Vectors is null)
        {
            yield return new Drift(planned.Name, "vectors", "named vectors", $"one unnamed vector of {planned.Vectors.Size}", recreate);
        }
        else
        {
            if (current.Vectors.Size != planned.Vectors.Size)
            {
                yield return new Drift(planned.Name, "vectors.size", Text(current.Vectors.Size), Text(planned.Vectors.Size), recreate);
            }

            if (current.Vectors.Distance != planned.Vectors.Distance)
            {
                yield return new Drift(planned.Name, "vectors.distance", current.Vectors.Distance, planned.Vectors.Distance, recreate);
            }
        }

        if (current.ShardNumber != planned.ShardNumber)
        {
            yield return new Drift(planned.Name, "shard_number", Text(current.ShardNumber), Text(planned.ShardNumber),
                "Resharding is manual (Qdrant's resharding or a new collection); the plan keeps working with the current shards.");
        }
    }

    private static string InPlaceChanges(PlannedCollection planned, LiveCollection current)
    {
        var changes = new List<string>();
        if (current.ReplicationFactor != planned.ReplicationFactor)
        {
            changes.Add($"replication_factor {current.ReplicationFactor} -> {planned.ReplicationFactor}");
        }

        if (current.WriteConsistencyFactor != planned.WriteConsistencyFactor)
        {
            changes.Add($"write_consistency_factor {current.WriteConsistencyFactor} -> {planned.WriteConsistencyFactor}");
        }

        if (planned.HnswConfig is { } hnsw && (current.Hnsw.M != hnsw.M || current.Hnsw.PayloadM != hnsw.PayloadM))
        {
            changes.Add($"hnsw m={current.Hnsw.M} payload_m={(current.Hnsw.PayloadM is { } p ? Text(p) : "unset")} -> m={hnsw.M} payload_m={hnsw.PayloadM}");
        }

        return string.Join(", ", changes);
    }

    private static string IndexText(PayloadIndex index) => index.FieldSchema + (index.IsTenant == true ? " (tenant)" : string.Empty);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
