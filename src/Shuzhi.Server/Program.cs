using Shuzhi.Server;

var app = ShuzhiServer.Build(args);
await ShuzhiServer.InitializeAsync(app);
await app.RunAsync();

public partial class Program;
