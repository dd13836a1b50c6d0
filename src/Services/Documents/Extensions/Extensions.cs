using Clearhours.Documents.Apis;
using Clearhours.Documents.Consumers;
using Clearhours.Documents.Infrastructure;
using Clearhours.Documents.Model;
using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearhours.Documents.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<DocumentsDbContext>("documentsdb");
        builder.AddMessaging<DocumentsDbContext>("documents", bus =>
        {
            bus.AddConsumer<ReportApprovedConsumer>();
            bus.AddConsumer<InvoiceIssuedConsumer>();
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<IDocumentStorage, DatabaseDocumentStorage>();
        builder.Services.TryAddScoped<DocumentIssuing>();
        builder.Services.AddHttpClient<ShareLinkResolver>(http => http.BaseAddress = new("https+http://reporting-api"))
            .RemoveAllLoggers(); // the request's path is the client's share token
    }

    /// <summary>Every API of the service, on the one root group that gives them the shared API defaults.</summary>
    public static RouteGroupBuilder MapApplicationApis(this RouteGroupBuilder api)
    {
        api.MapDocumentsApi();
        api.MapAgencyApi();
        api.MapClientDocumentsApi();
        api.MapClientAgencyApi();
        return api;
    }
}
