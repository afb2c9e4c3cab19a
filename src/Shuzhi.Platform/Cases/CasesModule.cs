using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Demo;

namespace Shuzhi.Platform;

public static class CasesModule
{
    /// <summary>Procedure cases: the case desk for other modules, inbox, timeline, attachments, overdue detection and supervision (贵州 art.43).</summary>
    public static IServiceCollection AddCasesModule(this IServiceCollection services)
    {
        services.AddScoped<CaseAccess>();
        services.AddScoped<ICaseDesk, CaseDesk>();
        services.AddScoped<ListCases>();
        services.AddScoped<GetCase>();
        services.AddScoped<AddComment>();
        services.AddScoped<AddAttachment>();
        services.AddScoped<DownloadAttachment>();
        services.AddScoped<DetectOverdue>();
        services.AddScoped<SupervisionBoard>();
        services.AddScoped<Notices>();
        services.AddScoped<ServiceTargets>();
        services.AddScoped<ICalendarYearLoaded, RecomputeProvisionalDues>();
        services.AddScoped<IDemoSeeder, CasesDemoSeeder>();
        return services;
    }
}
