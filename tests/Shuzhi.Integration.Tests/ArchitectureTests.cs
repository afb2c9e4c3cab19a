using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetArchTest.Rules;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Integration.Tests;

/// <summary>The walls of 90-architecture.md, and "every endpoint authorises through a named policy".</summary>
public sealed class ArchitectureTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public void Core_is_pure()
    {
        var result = Types.InAssembly(typeof(Shuzhi.Core.Time.Period).Assembly).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "System.Net", "System.IO.File",
                "System.IO.Directory", "Shuzhi.Platform", "Shuzhi.Server", "Shuzhi.Cli")
            .GetResult();
        Assert.True(result.IsSuccessful, "Core depends on I/O or hosts: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Platform_does_not_know_its_hosts()
    {
        var result = Types.InAssembly(typeof(Policies).Assembly).ShouldNot()
            .HaveDependencyOnAny("Shuzhi.Server", "Shuzhi.Cli", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Routing")
            .GetResult();
        Assert.True(result.IsSuccessful, "Platform depends on a host: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>Anonymous by design: getting a token, the demo account list, and the sign-in pages.</summary>
    private static readonly HashSet<string> Anonymous =
        ["/api/v1/auth/token", "/api/v1/demo/accounts", "/login", "/logout", "/denied"];

    [Fact]
    public void Every_endpoint_requires_a_named_policy_or_is_deliberately_anonymous()
    {
        var names = Policies.All.Select(p => p.Name).ToHashSet();
        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var offenders = new List<string>();
        foreach (var e in endpoints)
        {
            var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var authorize = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (anonymous || authorize.Count == 0)
            {
                if (!Anonymous.Contains(route)) offenders.Add($"{route}: no policy");
                continue;
            }
            if (!authorize.Any(a => a.Policy is not null && names.Contains(a.Policy)))
                offenders.Add($"{route}: policy '{string.Join(",", authorize.Select(a => a.Policy))}' is not a named platform policy");
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
