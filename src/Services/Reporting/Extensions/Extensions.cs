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
        builder.Services.AddOptions<ShareLinkOptions>()
            .Bind(builder.Configuration.GetSection("ShareLinks"))
            .Validate(options => options.Lifetime > TimeSpan.Zero, "ShareLinks:Lifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<ShareLinks>();
    }
}
