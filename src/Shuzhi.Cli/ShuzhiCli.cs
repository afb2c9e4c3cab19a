using System.CommandLine;
using Shuzhi.Platform.Common;

namespace Shuzhi.Cli;

/// <summary>The `shuzhi` command. Each sub-command lives in Commands/ and calls the platform's handlers.</summary>
public static class ShuzhiCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? config = null)
    {
        var ctx = new CliContext(output, error, CliHost.Configuration(config));
        var root = new RootCommand("数治 Shuzhi — integrated public data platform, command line");
        // Commands: one line each.
        foreach (var c in Commands.IdentityCommands.Create(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(Commands.CatalogueCommands.Create(ctx));
        foreach (var c in Commands.TimeCommands.Create(ctx)) root.Subcommands.Add(c);
        foreach (var c in Commands.CasesCommands.Create(ctx)) root.Subcommands.Add(c);
        foreach (var c in Commands.EvidenceCommands.Create(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(Commands.DatasetCommands.Create(ctx));
        root.Subcommands.Add(Commands.SealCommands.Create(ctx)); // Seals (贵州 art.26)
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // Usage errors (unknown option, missing value) exit 2, like every other bad input.
                foreach (var e in parsed.Errors) await error.WriteLineAsync($"error: {e.Message}");
                await error.WriteLineAsync("Try 'shuzhi --help' or 'shuzhi <command> --help'.");
                return 2;
            }
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (ProblemException p)
        {
            await error.WriteLineAsync($"error: {p.Message}");
            foreach (var e in p.Errors) await error.WriteLineAsync($"  {e.Field} ({e.Rule}): {e.Detail}");
            return p.Status is >= 400 and < 500 ? 2 : 1;
        }
    }
}

/// <summary>What every command needs: where to write, and the configuration.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, Microsoft.Extensions.Configuration.IConfiguration Config);
