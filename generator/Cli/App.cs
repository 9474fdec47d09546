using System.Diagnostics.CodeAnalysis;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Werkbank.Cli;

/// <summary>
/// The command line. Commands only parse arguments and call the pipeline. Exit codes: 0 success,
/// 1 the inventory has errors, 2 wrong usage, 3 (plan) something would change.
/// </summary>
public static class App
{
    public const int Success = 0;
    public const int InventoryErrors = 1;
    public const int UsageError = 2;
    public const int WouldChange = 3;
    public const int InternalError = 70;

    // Spectre.Console.Cli binds the settings by reflection. The native build keeps every type whole (the
    // csproj: TrimMode partial, this assembly rooted), and NativeBuildTests runs its commands.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Nothing is trimmed from the settings; tested in NativeBuildTests.")]
    public static int Run(string[] args, IAnsiConsole? console = null, TextReader? input = null)
    {
        console ??= AnsiConsole.Console;
        var registrar = new SingletonRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), console);
        registrar.RegisterInstance(typeof(ConsoleInput), new ConsoleInput(input ?? Console.In));
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("werkbank");
            config.ConfigureConsole(console);
            config.Settings.StrictParsing = true;
            config.AddCommand<ValidateCommand>("validate").WithDescription("Check the inventory and print every problem with file:line:column.");
            config.AddCommand<RenderCommand>("render").WithDescription("Compile the inventory into out/ (atomically; unchanged files are not rewritten).");
            config.AddCommand<PlanCommand>("plan").WithDescription("Show what render would change in out/; exit 3 if anything would.");
            config.AddCommand<SchemaCommand>("schema").WithDescription("Write the JSON Schemas of the inventory files (schema/).");
            config.AddCommand<SynthCommand>("synth").WithDescription("Write a generated inventory of N users (benchmarks, experiments).");
            config.AddBranch("apply", apply =>
            {
                apply.SetDescription("Apply parts of out/ to live systems (a dry run unless --apply is given).");
                apply.AddCommand<ApplyQdrantCommand>("qdrant").WithDescription("Create the collections and payload indexes of out/qdrant/plan.json; report drift. Exit 3: changes pending (dry run), 4: drift, 5: cluster error.");
                apply.AddCommand<ApplyGitlabCommand>("gitlab").WithDescription("Create the groups of out/gitlab/plan.json, set members and levels, block suspended users. Exit 3: changes pending (dry run), 4: drift, 5: GitLab error.");
            });
            config.AddCommand<ExplainCommand>("explain").WithDescription("Show a user's role, teams, VM and access to each service, with the inventory line that grants it.");
            config.AddCommand<AuditCommand>("audit").WithDescription("Read out/ back and check it grants exactly the inventory's access; exit 1 on any mismatch.");
            config.AddCommand<NewUser.NewUserCommand>("new-user").WithDescription("Add a user: asks each question (or takes flags), shows the plan, writes users/<name>.yaml, renders, offers a merge request.");
            config.AddCommand<NewUser.SuspendUserCommand>("suspend-user").WithDescription("Suspend a user (login disabled, VM stopped, nothing deleted), render, offer a merge request.");
            config.AddCommand<NewUser.RemoveUserCommand>("remove-user").WithDescription("Remove a user (access revoked, VM destroyed after approval), render, offer a merge request.");
            config.SetExceptionHandler((exception, _) => HandleException(console, exception));
        });
        var code = app.Run(args);
        Pipeline.PhaseTimer.Done();
        return code;
    }

    private static int HandleException(IAnsiConsole console, Exception exception)
    {
        if (exception is CommandAppException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            console.MarkupLine("Run 'werkbank --help' for usage.");
            return UsageError;
        }

        // Never a stack trace: say what failed and where to report it.
        console.MarkupLine($"[red]internal error:[/] {Markup.Escape(exception.GetType().Name)}: {Markup.Escape(exception.Message)}");
        console.MarkupLine("This is a bug in Werkbank; out/ was left unchanged. Please report it with the command you ran.");
        return InternalError;
    }
}

/// <summary>Standard input, injectable so that tests can script answers.</summary>
public sealed record ConsoleInput(TextReader Reader);
