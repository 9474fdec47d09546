using Spectre.Console.Testing;
using Werkbank.Apply.Qdrant;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Tests.Apply.Qdrant;

/// <summary>
/// The Qdrant.Client adapter against a real Qdrant: runs only when QDRANT_URL is set (the GitLab
/// pipeline starts a qdrant/qdrant service for it); skipped otherwise, in CI too.
/// </summary>
public sealed class QdrantClientIntegrationTests
{
    [Fact]
    public async Task Should_Create_A_Shared_Collection_And_Then_Find_It_In_Sync()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Skip("QDRANT_URL is not set: no Qdrant to test the adapter against.");
        }

        var cancel = TestContext.Current.CancellationToken;
        var name = $"werkbank-it-{Environment.ProcessId}";
        var plan = new QdrantPlan("shared-collection", new QdrantConnection("QDRANT_URL", "QDRANT_API_KEY", 1), [],
            [new PlannedCollection(name, ["alpha"], new VectorParams(8, "Cosine"), 1, 1, 1,
                [new PayloadIndex(QdrantTarget.SourceKey, "keyword"), new PayloadIndex(QdrantTarget.TenantKey, "keyword", IsTenant: true)],
                new HnswParams(0, 16))],
            []);
        using var client = QdrantClientCollectionApi.Connect(url, Environment.GetEnvironmentVariable("QDRANT_API_KEY"));
        var api = new RetryingCollectionApi(client);
        try
        {
            Assert.Equal(QdrantApply.InSync, await Apply(plan, api, prune: false, cancel));

            var live = await api.GetCollectionAsync(name, cancel);
            Assert.Equal(new VectorParams(8, "Cosine"), live.Vectors);
            Assert.Equal(new LiveHnsw(0, 16), live.Hnsw);
            Assert.True(live.ManagedByWerkbank);
            Assert.True(live.PayloadIndexes[QdrantTarget.TenantKey].IsTenant);
            Assert.All(QdrantReconciler.Diff(plan, [live], prune: false), step => Assert.IsType<InSync>(step));
        }
        finally
        {
            // Only the test's own collection: never prune a cluster someone may have pointed QDRANT_URL at.
            await api.DeleteCollectionAsync(name, cancel);
        }

        Assert.DoesNotContain(name, await api.ListCollectionsAsync(cancel));
    }

    private static Task<int> Apply(QdrantPlan plan, ICollectionApi api, bool prune, CancellationToken cancel) =>
        QdrantApply.RunAsync(plan, api, new QdrantApplyOptions(Apply: true, prune, "integration"), new TestConsole(), cancel);
}
