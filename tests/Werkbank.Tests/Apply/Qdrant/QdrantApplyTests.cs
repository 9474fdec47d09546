using Grpc.Core;
using Spectre.Console.Testing;
using Werkbank.Apply.Qdrant;
using Werkbank.Targets.Qdrant;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Apply.Qdrant;

/// <summary>`apply qdrant` against a recording in-memory double of the collection API.</summary>
public sealed class QdrantApplyTests
{
    private static QdrantPlan ExamplePlan() =>
        QdrantPlan.FromJson(TestRender.ExampleFiles().Single(f => f.Path == QdrantPlan.Path).ContentAsText);

    private static async Task<(int Exit, string Output)> Run(QdrantPlan plan, ICollectionApi api, bool apply, bool prune = false)
    {
        var console = new TestConsole().Width(400);
        var exit = await QdrantApply.RunAsync(plan, api, new QdrantApplyOptions(apply, prune, "test"), console, TestContext.Current.CancellationToken);
        return (exit, console.Output);
    }

    [Fact]
    public async Task Should_Create_Missing_Collections_And_Indexes()
    {
        var plan = ExamplePlan();
        var api = new RecordingCollectionApi();

        var (exit, output) = await Run(plan, api, apply: true);

        Assert.Equal(QdrantApply.InSync, exit);
        Assert.Equal(plan.Collections.Select(c => c.Name).Order(StringComparer.Ordinal), api.Collections.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("create data-science-docs", api.Calls);
        Assert.Contains("index data-science-docs.team", api.Calls);
        Assert.Equal(plan.Collections.Length * 3, api.Changes.Count());
        Assert.Contains("+ created collection data-science-docs: vectors 768 Cosine, 3 shard(s) x 2 replica(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Do_Nothing_On_A_Second_Run()
    {
        var plan = ExamplePlan();
        var api = new RecordingCollectionApi();
        await Run(plan, api, apply: true);
        api.Calls.Clear();

        var (exit, output) = await Run(plan, api, apply: true);

        Assert.Equal(QdrantApply.InSync, exit);
        Assert.Empty(api.Changes);
        Assert.Contains("= support-kb: in sync", output, StringComparison.Ordinal);
        Assert.Equal(QdrantApply.InSync, (await Run(plan, api, apply: false)).Exit);
    }

    [Fact]
    public async Task Should_Change_Nothing_In_A_Dry_Run_And_Say_What_It_Would_Do()
    {
        var api = new RecordingCollectionApi();

        var (exit, output) = await Run(ExamplePlan(), api, apply: false);

        Assert.Equal(QdrantApply.WouldChange, exit);
        Assert.Empty(api.Changes);
        Assert.Contains("Dry run: nothing is changed", output, StringComparison.Ordinal);
        Assert.Contains("+ create collection research-papers: vectors 1024 Cosine", output, StringComparison.Ordinal);
        Assert.Contains("+ create payload index research-papers.team (keyword)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Report_Drift_It_Cannot_Fix_In_Place_And_Touch_Nothing_Of_It()
    {
        var plan = ExamplePlan();
        var docs = plan.Collections.Single(c => c.Name == "data-science-docs");
        var api = new RecordingCollectionApi();
        foreach (var planned in plan.Collections)
        {
            api.With(RecordingCollectionApi.Live(planned));
        }

        api.With(RecordingCollectionApi.Live(docs) with { Vectors = new VectorParams(1024, "Dot"), ReplicationFactor = 1 });

        var (exit, output) = await Run(plan, api, apply: true);

        Assert.Equal(QdrantApply.DriftFound, exit);
        Assert.Contains("! data-science-docs: vectors.size is 1024 in the cluster but 768 in the plan; this cannot change in place.", output, StringComparison.Ordinal);
        Assert.Contains("! data-science-docs: vectors.distance is Dot in the cluster but Cosine in the plan", output, StringComparison.Ordinal);
        Assert.Equal(["update data-science-docs"], api.Changes);
        Assert.Contains("~ updated data-science-docs in place: replication_factor 1 -> 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Delete_A_Collection_Only_With_Prune_And_Only_If_Werkbank_Made_It()
    {
        var plan = ExamplePlan();
        var old = plan.Collections[0] with { Name = "data-science-old" };
        var foreign = plan.Collections[0] with { Name = "someone-elses" };
        var api = new RecordingCollectionApi().With(RecordingCollectionApi.Live(old)).With(RecordingCollectionApi.Live(foreign, managed: false));

        var (_, output) = await Run(plan, api, apply: true);
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("delete", StringComparison.Ordinal));
        Assert.Contains("? data-science-old: created by Werkbank but no longer in the plan; kept (apply --prune deletes it with its points)", output, StringComparison.Ordinal);

        var (_, pruneDryRun) = await Run(plan, api, apply: false, prune: true);
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("delete", StringComparison.Ordinal));
        Assert.Contains("- delete collection data-science-old", pruneDryRun, StringComparison.Ordinal);

        var (_, pruned) = await Run(plan, api, apply: true, prune: true);
        Assert.Equal(["delete data-science-old"], api.Calls.Where(c => c.StartsWith("delete", StringComparison.Ordinal)));
        Assert.True(api.Collections.ContainsKey("someone-elses"));
        Assert.Contains("? someone-elses: not created by Werkbank; never touched", pruned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Retry_Transient_Errors_With_Growing_Delays()
    {
        var plan = ExamplePlan();
        var inner = new RecordingCollectionApi().FailNext(StatusCode.Unavailable, StatusCode.DeadlineExceeded);
        var delays = new List<TimeSpan>();
        var api = new RetryingCollectionApi(inner, (wait, _) => { delays.Add(wait); return Task.CompletedTask; });

        var (exit, _) = await Run(plan, api, apply: true);

        Assert.Equal(QdrantApply.InSync, exit);
        Assert.Equal(["list", "list", "list"], inner.Calls.Take(3));
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], delays);
        Assert.Equal(plan.Collections.Length, inner.Collections.Count);
    }

    [Fact]
    public async Task Should_Give_Up_After_Bounded_Attempts_And_Not_Retry_Other_Errors()
    {
        var plan = ExamplePlan();
        var delays = new List<TimeSpan>();
        var unavailable = new RecordingCollectionApi().FailNext(Enumerable.Repeat(StatusCode.Unavailable, 10).ToArray());
        var (exit, output) = await Run(plan, new RetryingCollectionApi(unavailable, (wait, _) => { delays.Add(wait); return Task.CompletedTask; }), apply: true);
        Assert.Equal(QdrantApply.ClusterError, exit);
        Assert.Equal(RetryingCollectionApi.MaxAttempts, unavailable.Calls.Count);
        Assert.Equal(RetryingCollectionApi.MaxAttempts - 1, delays.Count);
        Assert.Contains("Gave up after 5 attempts", output, StringComparison.Ordinal);

        var denied = new RecordingCollectionApi().FailNext(StatusCode.PermissionDenied);
        var (deniedExit, _) = await Run(plan, new RetryingCollectionApi(denied, (_, _) => Task.CompletedTask), apply: true);
        Assert.Equal(QdrantApply.ClusterError, deniedExit);
        Assert.Single(denied.Calls);
    }

    [Fact]
    public async Task Should_Count_A_Create_That_Already_Happened_As_Done_After_A_Retry()
    {
        var plan = ExamplePlan();
        var inner = new RecordingCollectionApi();
        var api = new RetryingCollectionApi(inner, (_, _) => Task.CompletedTask);
        await inner.CreateCollectionAsync(plan.Collections[0], TestContext.Current.CancellationToken);

        await api.CreateCollectionAsync(plan.Collections[0], TestContext.Current.CancellationToken);

        Assert.Single(inner.Collections);
    }

    [Fact]
    public void Should_Bound_The_Backoff()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryingCollectionApi.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(4), RetryingCollectionApi.Backoff(4));
        Assert.Equal(RetryingCollectionApi.MaxDelay, RetryingCollectionApi.Backoff(40));
    }
}
