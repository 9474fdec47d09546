using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets.CloudInit;

public sealed class CloudInitTargetTests
{
    private static YamlMappingNode UserData(string user)
    {
        var file = TestRender.ExampleFiles().Single(f => f.Path == $"cloud-init/{user}/user-data");
        var stream = new YamlStream();
        stream.Load(new StringReader(file.ContentAsText));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode FirstUser(YamlMappingNode root) =>
        (YamlMappingNode)((YamlSequenceNode)root["users"]).Children[0];

    [Fact]
    public void Should_Give_Sudo_Only_To_Admins()
    {
        Assert.True(FirstUser(UserData("jgross")).Children.ContainsKey("sudo"));
        Assert.False(FirstUser(UserData("lmueller")).Children.ContainsKey("sudo"));
    }

    [Fact]
    public void Should_Never_Set_A_Password()
    {
        foreach (var file in TestRender.ExampleFiles().Where(f => f.Path.EndsWith("/user-data", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("passwd:", file.ContentAsText.Replace("lock_passwd:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("lock_passwd: true", file.ContentAsText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_Point_Zed_At_Local_Ollama_Only_When_The_User_Runs_One()
    {
        string ZedSettings(string user) => ((YamlSequenceNode)UserData(user)["write_files"]).Children.Cast<YamlMappingNode>()
            .Single(f => ((YamlScalarNode)f["path"]).Value!.EndsWith("zed/settings.json", StringComparison.Ordinal))["content"].ToString();

        Assert.Contains("http://127.0.0.1:11434", ZedSettings("tvandenberg"), StringComparison.Ordinal); // local: [ollama, searxng]
        Assert.Contains("https://ollama.acme.internal", ZedSettings("mrossi"), StringComparison.Ordinal); // local: [qdrant, open-webui]
    }

    [Fact]
    public void Should_Render_No_Files_For_Removed_Users()
    {
        Assert.DoesNotContain(TestRender.ExampleFiles(), f => f.Path.StartsWith("cloud-init/hschmidt/", StringComparison.Ordinal));
        Assert.Contains(TestRender.ExampleFiles(), f => f.Path == "cloud-init/ifernandez/user-data"); // suspended: VM kept
    }

    [Fact]
    public void Should_Keep_Every_Ssh_Key_Verbatim()
    {
        var keys = ((YamlSequenceNode)FirstUser(UserData("tvandenberg"))["ssh_authorized_keys"]).Children.Select(k => ((YamlScalarNode)k).Value).ToList();
        var inventory = File.ReadAllText(Repo.Path("inventory", "users", "tvandenberg.yaml"));
        Assert.Equal(2, keys.Count);
        Assert.All(keys, key => Assert.Contains(key!, inventory, StringComparison.Ordinal));
    }
}
