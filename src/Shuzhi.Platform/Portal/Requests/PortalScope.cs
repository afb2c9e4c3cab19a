using System.Linq.Expressions;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Portal.Requests;

/// <summary>
/// The one rule of who lists what among requests and objections: "mine" — the user's own; "desk" — a bureau's division and
/// below (<c>open-coordinate</c>), or a department's own (<c>open-respond</c>); anyone else 403. The default is "mine" for
/// public users, "desk" for staff.
/// </summary>
internal static class PortalScope
{
    public static IQueryable<T> Apply<T>(IQueryable<T> q, Actor actor, string? scope, Expression<Func<T, Guid>> user,
        Expression<Func<T, Guid?>> department, Expression<Func<T, string>> division)
    {
        scope = string.IsNullOrWhiteSpace(scope) ? (actor.Satisfies(Policies.OpenRequest) ? "mine" : "desk") : scope.Trim().ToLowerInvariant();
        if (scope is not ("mine" or "desk")) throw new BadRequestProblem("scope", "one-of", "scope is mine or desk");
        actor.Require(Policies.SignedIn);
        if (scope == "mine") return q.Where(Is(user, actor.UserId));
        if (actor.Satisfies(Policies.OpenCoordinate))
        {
            if (actor.IsSystem) return q;
            var starts = Expression.Call(division.Body, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!,
                Expression.Constant(CaseAccess.DivisionPrefix(actor)));
            return q.Where(Expression.Lambda<Func<T, bool>>(starts, division.Parameters));
        }
        if (actor.Satisfies(Policies.OpenRespond)) return q.Where(Is(department, (Guid?)actor.OrganisationId));
        throw new ForbiddenProblem(Policies.OpenRespond.Name, "需要权限 'open-respond' 或 'open-coordinate' / requires policy 'open-respond' or 'open-coordinate'");
    }

    private static Expression<Func<T, bool>> Is<T, TValue>(Expression<Func<T, TValue>> selector, TValue value) =>
        Expression.Lambda<Func<T, bool>>(Expression.Equal(selector.Body, Expression.Constant(value, typeof(TValue))), selector.Parameters);
}
