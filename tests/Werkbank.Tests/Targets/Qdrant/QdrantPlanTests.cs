using Werkbank.Targets.Qdrant;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Qdrant;

public sealed class QdrantPlanTests
{
    private static QdrantPlan PlanOf(string baseline)
    {
        var build = TestRender.Build(Repo.Path("tests", "Baselines", baseline, "inventory"));
        Assert.False(build.HasErrors);
        return QdrantPlan.FromJson(build.Files.Single(f => f.Path == QdrantPlan.Path).ContentAsText);
    }

    [Fact]
    public void Should_Give_Each_Team_Its_Own_Collections_And_Keys_Naming_Only_Those()
    {
        var plan = QdrantPlanTests.PlanOf("knowledge-collection-per-team");

        Assert.Equal(["alpha-code", "alpha-docs", "beta-docs"], plan.Collections.Select(c => c.Name));
        Assert.All(plan.Collections, c => Assert.Null(c.HnswConfig));
        var beta = plan.Access.Single(a => a.Team == "beta");
        Assert.Equal(["qdrant-beta-read", "qdrant-beta-write"], beta.Keys.Select(k => k.CredentialName));
        Assert.Equal([("beta-docs", "r", (object?)null)], beta.Keys[0].Claims.Access.Select(a => (a.Collection, a.Access, (object?)a.Payload)));
        Assert.Equal("rw", beta.Keys[1].Claims.Access.Single().Access);
    }

    [Fact]
    public void Should_Share_One_Collection_Per_Name_With_The_Team_As_Tenant_Key()
    {
        var plan = QdrantPlanTests.PlanOf("knowledge-shared-collection");

        var docs = plan.Collections.Single(c => c.Name == "docs");
        Assert.Equal(["alpha", "beta"], docs.Teams);
        Assert.Equal(new HnswParams(0, 16), docs.HnswConfig);
        Assert.Contains(new PayloadIndex("team", "keyword", true), docs.PayloadIndexes);
        var betaRead = plan.Access.Single(a => a.Team == "beta").Keys[0].Claims.Access.Single();
        Assert.Equal(("docs", "r", "beta"), (betaRead.Collection, betaRead.Access, betaRead.Payload!["team"]));
    }

    [Fact]
    public void Should_Spread_Shards_Over_The_Nodes_And_Replicate_Where_There_Are_Several()
    {
        var single = QdrantPlanTests.PlanOf("knowledge-shared-collection").Collections[0];
        Assert.Equal((1, 1), (single.ShardNumber, single.ReplicationFactor));

        var example = QdrantPlan.FromJson(TestRender.ExampleFiles().Single(f => f.Path == QdrantPlan.Path).ContentAsText);
        Assert.All(example.Collections, c => Assert.Equal((3, 2), (c.ShardNumber, c.ReplicationFactor)));
        Assert.Equal(1024, example.Collections.Single(c => c.Name == "research-papers").Vectors.Size);
    }

    [Fact]
    public void Should_Read_Back_What_It_Writes()
    {
        var text = TestRender.ExampleFiles().Single(f => f.Path == QdrantPlan.Path).ContentAsText;
        Assert.Equal(text, QdrantPlan.FromJson(text).ToJson());
    }
}
