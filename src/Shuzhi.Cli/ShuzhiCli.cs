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
        root.Subcommands.Add(Commands.CatalogueCommands.Create(ctx));
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
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
