using Clearhours.Messaging;
using Clearhours.Documents.Infrastructure;
using Clearhours.Persistence;

namespace Clearhours.Documents.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<DocumentsDbContext>("documentsdb");
        builder.AddMessaging<DocumentsDbContext>("documents");
    }
}
