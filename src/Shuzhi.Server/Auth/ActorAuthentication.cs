using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Server.Auth;

/// <summary>The current <see cref="Actor"/> of a request, resolved once by authentication.</summary>
public static class HttpActor
{
    private const string Key = "shuzhi.actor";

    public static void SetActor(this HttpContext http, Actor actor) => http.Items[Key] = actor;

    public static Actor? FindActor(this HttpContext http) => http.Items.TryGetValue(Key, out var a) ? a as Actor : null;

    /// <summary>The actor of an authorised endpoint; 401 if there is none.</summary>
    public static Actor Actor(this HttpContext http)
        => http.FindActor() ?? throw new ProblemException(401, "unauthenticated", "需要登录 / Sign-in required", "This endpoint needs a bearer token or a signed-in session.");

    public static ClaimsPrincipal Principal(Actor actor, string scheme)
        => new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, actor.UserId.ToString()), new Claim(ClaimTypes.Name, actor.Username),
             .. actor.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString()))], scheme));
}

/// <summary>"Authorization: Bearer {token}" from POST /api/v1/auth/token.</summary>
/// <remarks>Who a token is comes from <see cref="ActorCache"/>: no database query for a client seen in the last 30 seconds.</remarks>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ActorCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The token of an "Authorization: Bearer {token}" header.</summary>
    public static string BearerToken(string header) => header.AsSpan("Bearer ".Length).Trim().ToString();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = BearerToken(header);
        var actor = await cache.ForTokenAsync(token, Context.RequestServices, Context.RequestAborted);
        if (actor is null) return AuthenticateResult.Fail("invalid or expired token");
        Context.SetActor(actor);
        return AuthenticateResult.Success(new AuthenticationTicket(HttpActor.Principal(actor, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        => ProblemWriter.WriteAsync(Context, new ProblemException(401, "unauthenticated", "需要登录 / Sign-in required",
            "Send 'Authorization: Bearer <token>' from POST /api/v1/auth/token. (A browser session may read the API but not change state through it.)"));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => ProblemWriter.WriteAsync(Context, new ForbiddenProblem("", "Your roles do not allow this."));
}

/// <summary>
/// Takes the cookie's user from <see cref="ActorCache"/> on every request (not the roles in the cookie), so a disabled
/// account or changed role takes effect at once.
/// </summary>
public sealed class CookieActorEvents(ActorCache cache) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var actor = Guid.TryParse(id, out var userId)
            ? await cache.ForUserAsync(userId, context.HttpContext.RequestServices, context.HttpContext.RequestAborted)
            : null;
        if (actor is null)
        {
            context.RejectPrincipal();
            return;
        }
        context.HttpContext.SetActor(actor);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            return ProblemWriter.WriteAsync(context.HttpContext, new ProblemException(401, "unauthenticated", "需要登录 / Sign-in required",
                "Send 'Authorization: Bearer <token>' from POST /api/v1/auth/token, or sign in."));
        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            return ProblemWriter.WriteAsync(context.HttpContext, new ForbiddenProblem("", "Your roles do not allow this."));
        return base.RedirectToAccessDenied(context);
    }
}

/// <summary>Each named <see cref="Policy"/> of the platform as an ASP.NET Core authorization policy.</summary>
public sealed class ActorPolicyRequirement(Policy policy) : IAuthorizationRequirement
{
    public Policy Policy { get; } = policy;
}

public sealed class ActorPolicyHandler(IHttpContextAccessor accessor) : AuthorizationHandler<ActorPolicyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ActorPolicyRequirement requirement)
    {
        var actor = (context.Resource as HttpContext ?? accessor.HttpContext)?.FindActor();
        if (actor is not null && requirement.Policy.Allows(actor)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
