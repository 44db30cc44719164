using JobFair.Server.Features.Employers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace JobFair.Server.Features.Accounts;

/// <summary>
/// "The recruiters of a suspended employer can do nothing": a requirement of the signed-in and the
/// recruiter policies, so that every route a recruiter can reach refuses them with 403
/// <c>employer_suspended</c> before its use case runs (and every route added later does too).
/// Whether the employer is suspended is read where the caller's employer is resolved
/// (<see cref="CurrentUser.GetAsync"/>), which also makes them act for no employer in hubs and
/// pages. Callers without the recruiter role pass without a query.
/// </summary>
internal static class EmployerStanding
{
    public static readonly IAuthorizationRequirement Requirement = new InGoodStanding();

    public static IServiceCollection AddEmployerStanding(this IServiceCollection services) =>
        services.AddScoped<IAuthorizationHandler, Handler>()
            .AddSingleton<IAuthorizationMiddlewareResultHandler, Results>();

    private sealed class InGoodStanding : IAuthorizationRequirement;

    private sealed class Handler(JobFairDb db) : AuthorizationHandler<InGoodStanding>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, InGoodStanding requirement)
        {
            var ct = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
            if (context.User.IsInRole(Roles.Recruiter) && await CurrentUser.For(context.User, db).GetAsync(ct) is { EmployerSuspended: true })
                context.Fail(new AuthorizationFailureReason(this, RecruiterCaller.EmployerSuspended.Message));
            else
                context.Succeed(requirement);
        }
    }

    /// <summary>The refusal as a problem with its code for API callers; everything else as ASP.NET Core answers it.</summary>
    private sealed class Results : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (result.Forbidden && IdentitySetup.IsApi(context.Request) &&
                result.AuthorizationFailure?.FailureReasons.Any(r => r.Handler is Handler) == true)
            {
                await RecruiterCaller.EmployerSuspended.ToProblem().ExecuteAsync(context);
                return;
            }
            await _default.HandleAsync(next, context, policy, result);
        }
    }
}
