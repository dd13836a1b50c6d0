using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearhours.Reporting.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
        builder.AddMessaging<ReportingDbContext>("reporting");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<ShareLinkOptions>(builder.Configuration.GetSection("ShareLinks"));
        builder.Services.AddScoped<ShareLinks>();
    }
}
