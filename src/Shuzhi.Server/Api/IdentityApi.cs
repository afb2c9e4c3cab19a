using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

public static class IdentityApi
{
    public static void MapIdentityApi(this RouteGroupBuilder api, bool demo)
    {
        // Anonymous by nature: this is how a caller gets a token. Form or JSON body.
        api.MapPost("/auth/token", async (HttpContext http, IssueToken issue, CancellationToken ct) =>
        {
            SignIn.Command cmd;
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(ct);
                cmd = new SignIn.Command(form["username"], form["password"]);
            }
            else
            {
                cmd = await http.Request.ReadJsonAsync<SignIn.Command>(ct);
            }
            return Results.Ok(await issue.Handle(cmd, ct));
        }).AllowAnonymous().WithName("auth.token");

        // Sign out an API client: the bearer token of this request is revoked (204) and refused from the next request on.
        api.MapDelete("/auth/token", async (HttpContext http, RevokeToken revoke, CancellationToken ct) =>
        {
            await revoke.Handle(http.Actor(), BearerTokenHandler.BearerToken(http.Request.Headers.Authorization.ToString()), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.SignedIn.Name).WithName("auth.token.revoke");

        api.MapGet("/me", (HttpContext http) =>
        {
            var a = http.Actor();
            return Results.Ok(new
            {
                a.Username, a.DisplayName, Roles = a.Roles.Select(r => r.ToString()).Order(), Organisation = a.OrganisationName,
                a.OrganisationId, OrganisationKind = a.OrganisationKind.ToString(), a.DivisionCode, Level = a.Level.ToString(),
            });
        }).RequireAuthorization(Policies.SignedIn.Name);

        api.MapGet("/organisations", async (HttpContext http, ListOrganisations list, CancellationToken ct)
            => Results.Ok(await list.Handle(http.Actor(), ct))).RequireAuthorization(Policies.SignedIn.Name);

        api.MapPost("/admin/organisations", async (HttpContext http, AddOrganisation add, CancellationToken ct) =>
        {
            var result = await add.Handle(http.Actor(), await http.Request.ReadJsonAsync<AddOrganisation.Command>(ct), ct);
            return Results.Created($"/api/v1/organisations", result);
        }).RequireAuthorization(Policies.Administer.Name).WithName("admin.organisations.add");

        api.MapPost("/admin/users", async (HttpContext http, AddUser add, CancellationToken ct) =>
        {
            var result = await add.Handle(http.Actor(), await http.Request.ReadJsonAsync<AddUser.Command>(ct), ct);
            return Results.Created($"/api/v1/admin/users/{result.Username}", result);
        }).RequireAuthorization(Policies.Administer.Name).WithName("admin.users.add");

        // Demo mode only: outside it the route does not exist (404).
        if (demo)
        {
            api.MapGet("/demo/accounts", () => Results.Ok(DemoDirectory.Accounts.Select(a => new
            {
                username = a.Username,
                password = DemoDirectory.Password,
                displayName = a.DisplayName,
                roles = a.Roles.Select(r => r.ToString()),
                organisation = DemoDirectory.Bodies().First(b => b.Code == a.Organisation).Name,
                organisationCode = a.Organisation,
            }))).AllowAnonymous();
        }
    }
}
