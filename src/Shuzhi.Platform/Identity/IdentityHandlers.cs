using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Identity;

/// <summary>Passwords: ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, per-user salt).</summary>
public sealed class Passwords
{
    private readonly PasswordHasher<User> hasher = new();
    public string Hash(string password) => hasher.HashPassword(null!, password);
    public bool Verify(string hash, string password)
        => hasher.VerifyHashedPassword(null!, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
}

/// <summary>Builds the <see cref="Actor"/> for a user.</summary>
public sealed class Actors(ShuzhiDb db)
{
    public async Task<Actor?> FindAsync(Guid userId, CancellationToken ct)
    {
        var row = await (from u in db.Set<User>().AsNoTracking()
                         join o in db.Set<Organisation>().AsNoTracking() on u.OrganisationId equals o.Id
                         where u.Id == userId && !u.Disabled
                         select new { u, o }).FirstOrDefaultAsync(ct);
        return row is null ? null : From(row.u, row.o);
    }

    public async Task<Actor?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        var id = await db.Set<User>().Where(u => u.Username == username).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await FindAsync(id.Value, ct);
    }

    public static Actor From(User u, Organisation o)
        => new(u.Id, u.Username, u.DisplayName, u.RoleSet, o.Id, o.Name, o.Kind, o.DivisionCode, o.Level);
}

/// <summary>Sign in with username and password (web UI cookie and API token both start here).</summary>
/// <remarks>A failed attempt is audited (as the platform, naming the username tried); a web sign-in is audited
/// here, an API sign-in by <see cref="IssueToken"/> with the token it issues.</remarks>
public sealed class SignIn(ShuzhiDb db, Passwords passwords, Actors actors)
{
    public sealed record Command(string? Username, string? Password);

    public enum Channel { Web, Token, Cli }

    public async Task<Actor> Handle(Command c, CancellationToken ct, Channel channel = Channel.Token)
    {
        new Validator().NotBlank(c.Username, "username", "用户名").NotBlank(c.Password, "password", "密码")
            .MaxLength(c.Username, 64, "username").MaxLength(c.Password, 256, "password").ThrowIfAny();
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Username == c.Username, ct);
        if (user is null || user.Disabled || !passwords.Verify(user.PasswordHash, c.Password!))
        {
            db.Audit(Actor.System, "auth.signin.failed", $"user:{c.Username}", new { channel = channel.ToString().ToLowerInvariant() });
            await db.SaveChangesAsync(ct);
            throw new ProblemException(401, "invalid-credentials", "用户名或密码错误 / Invalid credentials",
                "The username or password is wrong, or the account is disabled.");
        }
        var actor = (await actors.FindAsync(user.Id, ct))!;
        if (channel != Channel.Token)
        {
            db.Audit(actor, "auth.signin", $"user:{actor.Username}", new { channel = channel.ToString().ToLowerInvariant() });
            await db.SaveChangesAsync(ct);
        }
        return actor;
    }
}

/// <summary>POST /api/v1/auth/token: issues an opaque bearer token (only its SHA-256 is stored), valid 12 hours.</summary>
public sealed class IssueToken(ShuzhiDb db, SignIn signIn)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public sealed record Result(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt, string Username, IReadOnlyList<string> Roles, string Organisation);

    public async Task<Result> Handle(SignIn.Command c, CancellationToken ct)
    {
        var actor = await signIn.Handle(c, ct);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = db.Clock.GetUtcNow();
        db.Add(new ApiToken { Id = Guid.NewGuid(), UserId = actor.UserId, TokenHash = HashToken(token), IssuedAt = now, ExpiresAt = now + Lifetime });
        db.Audit(actor, "auth.token.issue", $"user:{actor.Username}");
        await db.SaveChangesAsync(ct);
        return new Result(token, "Bearer", (int)Lifetime.TotalSeconds, now + Lifetime, actor.Username,
            actor.Roles.Select(r => r.ToString()).Order().ToList(), actor.OrganisationName);
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>
/// Resolves a bearer token to its user and the token's expiry, if valid — from the database. The API asks
/// <see cref="ActorCache"/>, which calls this only on a miss.
/// </summary>
public sealed class ResolveToken(ShuzhiDb db, Actors actors)
{
    public async Task<(Actor Actor, DateTimeOffset ExpiresAt)?> Handle(string token, CancellationToken ct)
    {
        var hash = IssueToken.HashToken(token);
        var now = db.Clock.GetUtcNow();
        var row = await db.Set<ApiToken>().AsNoTracking()
            .Where(t => t.TokenHash == hash && !t.Revoked && t.ExpiresAt > now)
            .Select(t => new { t.UserId, t.ExpiresAt }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var actor = await actors.FindAsync(row.UserId, ct);
        return actor is null ? null : (actor, row.ExpiresAt);
    }
}

/// <summary>
/// DELETE /api/v1/auth/token: signs out an API client by revoking the bearer token it sends. Refused at once on this
/// node afterwards (the save empties <see cref="ActorCache"/>).
/// </summary>
public sealed class RevokeToken(ShuzhiDb db)
{
    public async Task Handle(Actor actor, string token, CancellationToken ct)
    {
        actor.Require(Policies.SignedIn);
        var hash = IssueToken.HashToken(token);
        var row = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.TokenHash == hash && t.UserId == actor.UserId, ct)
            ?? throw new ProblemException(401, "unauthenticated", "需要登录 / Sign-in required", "This token is not valid.");
        if (row.Revoked) return;
        row.Revoked = true;
        db.Audit(actor, "auth.token.revoke", $"user:{actor.Username}", new { issuedAt = row.IssuedAt });
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The organisation tree (GB/T 2260 divisions and their bodies).</summary>
public sealed class ListOrganisations(ShuzhiDb db)
{
    public sealed record Node(Guid Id, string Code, string Name, string Kind, string Level, string DivisionCode, Guid? ParentId);

    public async Task<IReadOnlyList<Node>> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.SignedIn);
        return await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Code)
            .Select(o => new Node(o.Id, o.Code, o.Name, o.Kind.ToString(), o.Level.ToString(), o.DivisionCode, o.ParentId))
            .ToListAsync(ct);
    }
}
