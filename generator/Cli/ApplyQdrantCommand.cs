using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Apply.Qdrant;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Cli;

public sealed class ApplyQdrantSettings : ApplySettings
{
    [CommandOption("--plan <FILE>")]
    [Description("The plan to apply (default: out/qdrant/plan.json).")]
    [DefaultValue("out/qdrant/plan.json")]
    public override string Plan { get; init; } = "out/qdrant/plan.json";

    [CommandOption("--prune")]
    [Description("Also delete collections Werkbank created that are no longer in the plan (with their points).")]
    public bool Prune { get; init; }

    [CommandOption("--keys-out <FILE>")]
    [Description("Also write the teams' Qdrant keys (JWTs signed with QDRANT_API_KEY) as NAME=value lines to FILE (mode 600), for the n8n credentials.")]
    public string? KeysOut { get; init; }
}

/// <summary>`apply qdrant`: connection from QDRANT_URL and QDRANT_API_KEY; the logic is in Apply/Qdrant.</summary>
internal sealed class ApplyQdrantCommand(IAnsiConsole console) : AsyncCommand<ApplyQdrantSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ApplyQdrantSettings settings, CancellationToken cancellationToken)
    {
        QdrantPlan plan;
        try
        {
            plan = QdrantPlan.FromJson(await File.ReadAllTextAsync(settings.Plan, cancellationToken).ConfigureAwait(false));
        }
        catch (System.Text.Json.JsonException ex)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(settings.Plan)} is not a Qdrant plan: {Markup.Escape(ex.Message)}");
            return App.UsageError;
        }

        var apiKey = Environment.GetEnvironmentVariable(plan.Connection.ApiKeyVariable);
        if (settings.KeysOut is { } keysOut)
        {
            if (string.IsNullOrEmpty(apiKey))
            {
                console.MarkupLine($"[red]error:[/] --keys-out signs the keys with {Markup.Escape(plan.Connection.ApiKeyVariable)}, which is not set.");
                return App.UsageError;
            }

            QdrantKeys.Write(keysOut, plan, apiKey);
            console.WriteLine($"Wrote {plan.Access.Sum(a => a.Keys.Length)} team key(s) to {keysOut} (mode 600; keep it out of artifacts).");
        }

        var url = Environment.GetEnvironmentVariable(plan.Connection.UrlVariable);
        var options = new QdrantApplyOptions(settings.Apply, settings.Prune, string.IsNullOrEmpty(url) ? $"none ({plan.Connection.UrlVariable} is not set)" : url);
        if (string.IsNullOrEmpty(url))
        {
            if (settings.Apply)
            {
                console.MarkupLine($"[red]error:[/] --apply needs {Markup.Escape(plan.Connection.UrlVariable)} (and {Markup.Escape(plan.Connection.ApiKeyVariable)}).");
                return App.UsageError;
            }

            console.WriteLine($"{plan.Connection.UrlVariable} is not set: comparing with an empty cluster, so everything is listed as new.");
            return await QdrantApply.RunAsync(plan, null, options, console, cancellationToken).ConfigureAwait(false);
        }

        using var client = QdrantClientCollectionApi.Connect(url, apiKey);
        var api = new RetryingCollectionApi(client, log: message => console.WriteLine("  retry: " + message));
        return await QdrantApply.RunAsync(plan, api, options, console, cancellationToken).ConfigureAwait(false);
    }
}
