using System.Text.Json;
using System.Text.Json.Nodes;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Targets.N8n;

/// <summary>
/// out/n8n/&lt;team&gt;/&lt;workflow&gt;.json for the catalog workflows a team lists (team-qa, doc-ingest),
/// and out/n8n/credentials.json: the credentials they name, with ${NAME} placeholders the apply step
/// fills. Workflows call Ollama, Qdrant and Langfuse through their REST APIs with HTTP Request
/// nodes; every inventory value reaches the JavaScript as one JSON-serialized settings object.
/// </summary>
public sealed class N8nTarget : ITarget
{
    public const string CredentialsPath = "n8n/credentials.json";
    private const string HttpRequest = "n8n-nodes-base.httpRequest";
    private const string Code = "n8n-nodes-base.code";
    private const string Respond = "n8n-nodes-base.respondToWebhook";
    private const string RejectRequest = "Reject request";
    private const string UpstreamFailed = "Upstream failed";

    private static readonly JsonSerializerOptions FileJson = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Name => "n8n";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var teams = model.Teams.Where(t => !t.Workflows.IsEmpty && !t.Collections.IsEmpty).ToList();
        if (!model.HasService("n8n") || teams.Count == 0)
        {
            return;
        }

        foreach (var team in teams)
        {
            var sources = new[] { Source.Team(team.Name), Source.Platform, Source.Service("n8n"), Source.Service("ollama") };
            foreach (var workflow in team.Workflows)
            {
                var json = workflow == WorkflowCatalog.TeamQa ? TeamQa(context, team) : DocIngest(context, team);
                output.Add(OutputFile.Text(WorkflowPath(team.Name, workflow), json.ToJsonString(FileJson), sources));
            }
        }

        output.Add(OutputFile.Text(CredentialsPath, Credentials(teams).ToJsonString(FileJson),
            teams.Select(t => Source.Team(t.Name)).Append(Source.Service("n8n"))));
    }

    public static string WorkflowPath(string team, string workflow) => $"n8n/{team}/{workflow}.json";

    /// <summary>The webhook path under /webhook/ (production) on the n8n host.</summary>
    public static string WebhookPath(string team, string workflow) => $"{team}/{workflow}";

    private static JsonObject TeamQa(RenderContext context, TeamModel team)
    {
        const string key = WorkflowCatalog.TeamQa;
        const string ask = "$('Prepare question').item.json";
        var settings = Settings(context.Model, team);
        settings["chatModel"] = WorkflowCatalog.ChatModel(context.Model.Service("ollama")?.Models ?? []) ?? string.Empty;
        settings["langfuseUrl"] = $"https://{context.Model.Fqdn("langfuse")}";
        settings["limit"] = 5;
        var builder = new WorkflowBuilder($"{team.Name}/{key}", $"{team.Name}/{key}")
            .Node("Webhook", "n8n-nodes-base.webhook", 2, Webhook(team.Name, key), webhook: true)
            .Node("Prepare question", Code, 2, JsCode(context, "prepare-question", settings), onError: "continueErrorOutput")
            .Node("Embed question", HttpRequest, 4.2, Http("={{ $json.ollamaUrl }}/api/embed",
                "={{ JSON.stringify({ model: $json.embeddingModel, input: $json.question }) }}"), credentials: Ollama(), onError: "continueErrorOutput")
            .Node("Search Qdrant", HttpRequest, 4.2, Http($"={{{{ {ask}.qdrantUrl }}}}/collections/{{{{ encodeURIComponent({ask}.collection) }}}}/points/query",
                $"={{{{ JSON.stringify({{ query: $json.embeddings[0], limit: {ask}.limit, with_payload: true, filter: {{ must: [{{ key: '{QdrantTarget.TenantKey}', match: {{ value: {ask}.team }} }}] }} }}) }}}}"),
                credentials: Qdrant(QdrantTarget.ReadCredential(team.Name)), onError: "continueErrorOutput")
            .Node("Build prompt", Code, 2, JsCode(context, "build-prompt", null), onError: "continueErrorOutput")
            .Node("Ask Ollama", HttpRequest, 4.2, Http("={{ $json.ollamaUrl }}/api/chat",
                "={{ JSON.stringify({ model: $json.chatModel, messages: $json.messages, stream: false }) }}"), credentials: Ollama(), onError: "continueErrorOutput")
            .Node("Trace in Langfuse", HttpRequest, 4.2, Http("={{ $('Build prompt').item.json.langfuseUrl }}/api/public/ingestion",
                "={{ JSON.stringify({ batch: [{ id: 'n8n-' + $execution.id + '-trace', timestamp: new Date().toISOString(), type: 'trace-create', body: { id: 'n8n-' + $execution.id, name: 'team-qa', userId: $('Build prompt').item.json.team, tags: ['team:' + $('Build prompt').item.json.team], input: $('Build prompt').item.json.question, output: $json.message?.content ?? '', metadata: { collection: $('Build prompt').item.json.collection, sources: $('Build prompt').item.json.sources } } }] }) }}",
                "httpBasicAuth"), credentials: Credential("httpBasicAuth", "langfuse"), onError: "continueRegularOutput")
            .Node("Respond", Respond, 1.1, RespondJson(
                "={{ JSON.stringify({ answer: $('Ask Ollama').item.json.message?.content ?? '', collection: $('Build prompt').item.json.collectionName, sources: $('Build prompt').item.json.sources }) }}", null));
        return ErrorResponses(builder)
            .Connect("Webhook", "Prepare question")
            .Connect("Prepare question", "Embed question").Connect("Prepare question", RejectRequest, 1)
            .Connect("Embed question", "Search Qdrant").Connect("Embed question", UpstreamFailed, 1)
            .Connect("Search Qdrant", "Build prompt").Connect("Search Qdrant", UpstreamFailed, 1)
            .Connect("Build prompt", "Ask Ollama").Connect("Build prompt", UpstreamFailed, 1)
            .Connect("Ask Ollama", "Trace in Langfuse").Connect("Ask Ollama", UpstreamFailed, 1)
            .Connect("Trace in Langfuse", "Respond")
            .Build();
    }

    private static JsonObject DocIngest(RenderContext context, TeamModel team)
    {
        const string key = WorkflowCatalog.DocIngest;
        var settings = Settings(context.Model, team);
        settings["chunkSize"] = 1200;
        settings["overlap"] = 200;
        settings["maxCharacters"] = 2_000_000;
        var builder = new WorkflowBuilder($"{team.Name}/{key}", $"{team.Name}/{key}")
            .Node("Webhook", "n8n-nodes-base.webhook", 2, Webhook(team.Name, key), webhook: true)
            .Node("Chunk document", Code, 2, JsCode(context, "chunk-document", settings), onError: "continueErrorOutput")
            .Node("Embed chunks", HttpRequest, 4.2, Http("={{ $json.ollamaUrl }}/api/embed",
                "={{ JSON.stringify({ model: $json.embeddingModel, input: $json.text }) }}"), credentials: Ollama(), onError: "continueErrorOutput")
            .Node("Collect points", Code, 2, JsCode(context, "collect-points", null), onError: "continueErrorOutput")
            .Node("Upsert to Qdrant", HttpRequest, 4.2, Http("={{ $json.qdrantUrl }}/collections/{{ encodeURIComponent($json.collection) }}/points?wait=true",
                "={{ JSON.stringify({ points: $json.points }) }}", method: "PUT"),
                credentials: Qdrant(QdrantTarget.WriteCredential(team.Name)), onError: "continueErrorOutput")
            .Node("Respond", Respond, 1.1, RespondJson(
                "={{ JSON.stringify({ stored: $('Collect points').item.json.points.length, collection: $('Collect points').item.json.collectionName, source: $('Collect points').item.json.source }) }}", null));
        return ErrorResponses(builder)
            .Connect("Webhook", "Chunk document")
            .Connect("Chunk document", "Embed chunks").Connect("Chunk document", RejectRequest, 1)
            .Connect("Embed chunks", "Collect points").Connect("Embed chunks", UpstreamFailed, 1)
            .Connect("Collect points", "Upsert to Qdrant").Connect("Collect points", UpstreamFailed, 1)
            .Connect("Upsert to Qdrant", "Respond").Connect("Upsert to Qdrant", UpstreamFailed, 1)
            .Build();
    }

    /// <summary>A bad request answers 400, a failed call to Ollama or Qdrant 502, both as JSON {error}.</summary>
    private static WorkflowBuilder ErrorResponses(WorkflowBuilder builder) => builder
        .Node(RejectRequest, Respond, 1.1, RespondJson("={{ JSON.stringify({ error: String($json.error?.message ?? $json.error ?? 'bad request') }) }}", 400), row: 1)
        .Node(UpstreamFailed, Respond, 1.1, RespondJson("={{ JSON.stringify({ error: 'a call to Ollama or Qdrant failed', detail: String($json.error?.message ?? $json.error ?? '') }) }}", 502), row: 1);

    /// <summary>What the workflow's JavaScript gets from the inventory: URLs, models, the team and its collections.</summary>
    private static JsonObject Settings(PlatformModel model, TeamModel team)
    {
        var collections = new JsonObject();
        foreach (var collection in team.Collections)
        {
            collections[collection] = QdrantTarget.CollectionName(model, team.Name, collection);
        }

        return new JsonObject
        {
            ["team"] = team.Name,
            ["ollamaUrl"] = $"https://{model.Fqdn("ollama")}",
            ["qdrantUrl"] = $"https://{model.Fqdn("qdrant")}",
            ["embeddingModel"] = WorkflowCatalog.EmbeddingModel(model.Service("ollama")?.Models ?? []) ?? string.Empty,
            ["collections"] = collections,
            ["defaultCollection"] = DefaultCollection(team),
        };
    }

    /// <summary>The collection a request without "collection" uses: 'docs' if the team has one, else the first by name.</summary>
    public static string DefaultCollection(TeamModel team) =>
        team.Collections.Contains("docs", StringComparer.Ordinal) ? "docs" : team.Collections[0];

    private static JsonObject JsCode(RenderContext context, string script, JsonObject? settings) => new()
    {
        // Default encoder: the settings land in JavaScript, so everything outside ASCII is escaped.
        ["jsCode"] = context.Templates.Render($"n8n/{script}.js.sbn", new ScriptView(
            settings?.ToJsonString() ?? "{}", QdrantTarget.TenantKey, QdrantTarget.SourceKey)),
    };

    private static JsonObject Webhook(string team, string workflow) => new()
    {
        ["httpMethod"] = "POST",
        ["path"] = WebhookPath(team, workflow),
        ["responseMode"] = "responseNode",
        ["options"] = new JsonObject(),
    };

    private static JsonObject Http(string url, string jsonBody, string auth = "httpHeaderAuth", string method = "POST") => new()
    {
        ["method"] = method,
        ["url"] = url,
        ["authentication"] = "genericCredentialType",
        ["genericAuthType"] = auth,
        ["sendBody"] = true,
        ["specifyBody"] = "json",
        ["jsonBody"] = jsonBody,
        ["options"] = new JsonObject { ["timeout"] = 120000 },
    };

    private static JsonObject RespondJson(string body, int? status)
    {
        var options = new JsonObject();
        if (status is { } code)
        {
            options["responseCode"] = code;
        }

        return new JsonObject { ["respondWith"] = "json", ["responseBody"] = body, ["options"] = options };
    }

    private static JsonObject Ollama() => Credential("httpHeaderAuth", "ollama");

    private static JsonObject Qdrant(string name) => Credential("httpHeaderAuth", name);

    /// <summary>A credential referenced by id and name; its secret lives only in n8n (from credentials.json after apply).</summary>
    private static JsonObject Credential(string type, string name) =>
        new() { [type] = new JsonObject { ["id"] = CredentialId(name), ["name"] = name } };

    public static string CredentialId(string name) => NameIds.Short($"n8n-credential\n{name}");

    /// <summary>credentials.json for `n8n import:credentials` once apply has replaced the ${NAME} placeholders.</summary>
    private static JsonArray Credentials(IEnumerable<TeamModel> teams)
    {
        var list = new JsonArray
        {
            CredentialEntry("langfuse", "httpBasicAuth", new JsonObject { ["user"] = "${LANGFUSE_PUBLIC_KEY}", ["password"] = "${LANGFUSE_SECRET_KEY}" }),
            CredentialEntry("ollama", "httpHeaderAuth", new JsonObject { ["name"] = "Authorization", ["value"] = "Bearer ${OLLAMA_API_TOKEN}" }),
        };
        foreach (var team in teams)
        {
            foreach (var name in new[] { QdrantTarget.ReadCredential(team.Name), QdrantTarget.WriteCredential(team.Name) })
            {
                list.Add(CredentialEntry(name, "httpHeaderAuth", new JsonObject { ["name"] = "api-key", ["value"] = $"${{{QdrantTarget.JwtVariable(name)}}}" }));
            }
        }

        return list;
    }

    private static JsonNode CredentialEntry(string name, string type, JsonObject data) => new JsonObject
    {
        ["id"] = CredentialId(name),
        ["name"] = name,
        ["type"] = type,
        ["data"] = data,
    };
}

/// <summary>What templates/n8n/*.js.sbn see: the settings as a JSON object literal, and payload key names.</summary>
public sealed record ScriptView(string Settings, string TenantKey, string SourceKey);
