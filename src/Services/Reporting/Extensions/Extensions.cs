using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;

namespace Clearhours.Reporting.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
        builder.AddMessaging<ReportingDbContext>("reporting");
    }
}
