using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Calendar;

namespace Shuzhi.Platform;

public static class CalendarRegistration
{
    /// <summary>The statutory calendar module (01-time.md): the calendar provider and its handlers.</summary>
    public static IServiceCollection AddCalendarModule(this IServiceCollection services)
    {
        services.AddScoped<CalendarProvider>();
        services.AddScoped<ComputePeriod>();
        services.AddScoped<DescribeDay>();
        services.AddScoped<GetCalendar>();
        services.AddScoped<ImportCalendarYear>();
        return services;
    }
}
