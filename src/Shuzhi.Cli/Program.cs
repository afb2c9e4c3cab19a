using Shuzhi.Cli;

return await ShuzhiCli.RunAsync(args, Console.Out, Console.Error);
