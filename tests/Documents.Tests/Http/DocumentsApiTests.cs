using Clearhours.Documents.Apis;
using Clearhours.Documents.Infrastructure;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Tests.Http;

/// <summary>Tests that call Documents over HTTP: a service of their own on a fresh database, and clients for its staff.</summary>
public abstract class DocumentsApiTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    protected DocumentsApp App { get; private set; } = null!;

    protected DocumentsStaff Staff { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await DocumentsApp.StartAsync(servers);
        Staff = new DocumentsStaff(App);
    }

    public async Task DisposeAsync()
    {
        Staff.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Delivers the report's approval and the invoice's issue, as Reporting and Billing publish them.</summary>
    protected async Task<(Guid ReportId, Guid InvoiceId)> DeliverReportAndInvoiceAsync()
    {
        var approved = Samples.Approved();
        var issued = Samples.Issued(approved);
        await App.Bus.DeliverAsync(approved);
        await App.Bus.DeliverAsync(issued);
        return (approved.ReportId, issued.InvoiceId);
    }

    /// <summary>The stored documents of one kind, newest version last.</summary>
    protected async Task<List<DocumentSummary>> StoredAsync(string kind)
    {
        await using var db = App.NewDbContext();
        var documents = await db.Documents.AsNoTracking().Where(d => d.Kind == kind).OrderBy(d => d.Version).ToListAsync();
        return [.. documents.Select(d => d.ToSummary())];
    }

    protected async Task<(int Documents, int Contents)> CountRowsAsync()
    {
        await using DocumentsDbContext db = App.NewDbContext();
        return (await db.Documents.CountAsync(), await db.Contents.CountAsync());
    }
}
