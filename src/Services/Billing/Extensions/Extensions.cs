using Clearhours.Billing.Consumers;
using Clearhours.Billing.Infrastructure;
using Clearhours.Messaging;
using Clearhours.Persistence;

namespace Clearhours.Billing.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<BillingDbContext>("billingdb");
        builder.AddMessaging<BillingDbContext>("billing", bus =>
        {
            bus.AddConsumer<CompanyChangedConsumer>();
        });
    }
}
