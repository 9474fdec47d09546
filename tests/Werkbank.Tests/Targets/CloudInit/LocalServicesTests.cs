using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets.CloudInit;

/// <summary>The per-VM compose file inside each user-data: valid for docker-compose, ports on loopback only, models pulled.</summary>
public sealed class LocalServicesTests
{
    private static IEnumerable<(string User, string Compose)> LocalComposeFiles()
    {
        foreach (var file in TestRender.ExampleFiles().Where(f => f.Path.EndsWith("/user-data", StringComparison.Ordinal)))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(file.ContentAsText));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            if (root.Get("write_files") is not YamlSequenceNode writes)
            {
                continue;
            }

            foreach (var write in writes.Children.Cast<YamlMappingNode>().Where(w => w.Get("path")!.Text() == "/opt/workspace/docker-compose.yml"))
            {
                yield return (file.Path.Split('/')[1], write.Get("content")!.Text());
            }
        }
    }

    [Fact]
    public void Should_Pass_Docker_Compose_Config_For_Every_Vm()
    {
        var compose = ExternalTool.Require("docker-compose", "apt-get install docker-compose");
        var files = LocalComposeFiles().ToList();
        Assert.NotEmpty(files);
        using var temp = new TempDir();
        foreach (var (user, text) in files)
        {
            var directory = temp.Combine(user);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "docker-compose.yml"), text);
            var result = ExternalTool.Run(compose, ["-f", "docker-compose.yml", "config", "-q"], directory);
            Assert.True(result.ExitCode == 0, $"{user}: {result.Output}");
        }
    }

    [Fact]
    public void Should_Bind_Local_Ports_To_Loopback_Only_And_Pull_The_Zed_Models()
    {
        foreach (var (_, text) in LocalComposeFiles())
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var services = ((YamlMappingNode)stream.Documents[0].RootNode).Map("services");
            foreach (var (_, service) in services.Children)
            {
                if (((YamlMappingNode)service).Get("ports") is YamlSequenceNode ports)
                {
                    Assert.All(ports.Children, p => Assert.StartsWith("127.0.0.1:", p.Text(), StringComparison.Ordinal));
                }

                Assert.DoesNotContain(":latest", ((YamlMappingNode)service).Get("image")!.Text(), StringComparison.Ordinal);
            }

            if (services.Get("ollama") is not null)
            {
                Assert.Contains("ollama pull 'llama3.1:8b'", ((YamlSequenceNode)services.Map("ollama-models").Get("command")!).Children[0].Text(), StringComparison.Ordinal);
            }
        }
    }
}
