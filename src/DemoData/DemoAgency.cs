using System.Text.Json;

namespace Clearhours.DemoData;

/// <summary>What the seeding made: the demo reports by number with the status each ended in, and how much of the rest.</summary>
public sealed record DemoSummary(
    IReadOnlyDictionary<string, string> ReportStatuses, int Companies, int TimeEntries, int Invoices, int Payments, int UnmatchedPayments)
{
    public override string ToString() =>
        $"{Companies} clients, {TimeEntries} time entries, {ReportStatuses.Count} reports " +
        $"({string.Join(", ", ReportStatuses.GroupBy(r => r.Value).Select(g => $"{g.Key} {g.Count()}"))}), " +
        $"{Invoices} invoices, {Payments} payments ({UnmatchedPayments} unmatched).";
}

/// <summary>
/// A small agency with three clients and three months of work, seeded only through the public API (so every rule
/// applies): one report in each status a report can have, invoices, payments and one payment that matches nothing.
/// It refuses to run twice: its clients carry external ids starting with <see cref="ExternalIdPrefix"/>.
/// </summary>
public sealed class DemoAgency(GatewayClient api, Action<string> log)
{
    public const string ExternalIdPrefix = "demo-";

    private const string PaymentSource = "bank-demo";

    private static readonly string[] People = ["Anna Smirnova", "Ivan Petrov", "Olga Kuznetsova"];

    /// <summary>One client: its currency, its rates (a default, a design rate and a senior's own) and its projects' tasks.</summary>
    private sealed record Client(
        string Key, string Name, string LegalName, string Currency, decimal Rate, decimal DesignRate, decimal SeniorRate,
        string Project, string TaskPrefix, string[] Tasks);

    private static readonly Client[] Clients =
    [
        new("northwind", "Northwind Studio", "ООО «Нортвинд Студио»", "BYN", 120m, 100m, 150m, "Online store", "NW",
            ["Checkout page", "Product catalogue design", "Payment provider integration"]),
        new("acme", "Acme Retail", "АО «Акме Ритейл»", "RUB", 3500m, 3000m, 4200m, "Mobile app", "ACME",
            ["Loyalty card screen", "Onboarding design", "Push notifications"]),
        new("globex", "Globex Logistics", "Globex Logistics Ltd", "USD", 45m, 40m, 60m, "Warehouse dashboard", "GLX",
            ["Stock levels report", "Dashboard layout", "Barcode scanner support"]),
    ];

    private int _timeEntries;
    private int _payments;
    private int _unmatched;
    private readonly List<string> _invoices = [];
    private readonly Dictionary<string, string> _statuses = [];

    /// <summary>Seeds the agency; <paramref name="today"/> fixes the three months of work (the ones before its month).</summary>
    public async Task<DemoSummary> SeedAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var existing = await api.GetAsync("/api/companies?search=Northwind%20Studio&pageSize=50", cancellationToken);
        if (existing.GetProperty("items").EnumerateArray().Any(c =>
                c.GetProperty("externalId").GetString()?.StartsWith(ExternalIdPrefix, StringComparison.Ordinal) == true))
        {
            throw new DemoDataException("The demo data is there already (client Northwind Studio); it is seeded once.");
        }

        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        DateOnly[] months = [thisMonth.AddMonths(-3), thisMonth.AddMonths(-2), thisMonth.AddMonths(-1)];
        var companies = new Dictionary<string, Guid>();
        foreach (var client in Clients)
        {
            companies[client.Key] = await RecordWorkAsync(client, months, cancellationToken);
        }

        var (northwind, acme, globex) = (companies["northwind"], companies["acme"], companies["globex"]);

        // The oldest month is billed: two reports paid (one in two parts), one invoiced and partly paid.
        var paid = await InvoicedAsync(northwind, months[0], cancellationToken);
        await PayAsync(paid, paid.Total, "1", cancellationToken);
        var paidInParts = await InvoicedAsync(acme, months[0], cancellationToken);
        var half = Math.Round(paidInParts.Total / 2, 2, MidpointRounding.AwayFromZero);
        await PayAsync(paidInParts, half, "1", cancellationToken);
        await PayAsync(paidInParts, paidInParts.Total - half, "2", cancellationToken);
        var partlyPaid = await InvoicedAsync(globex, months[0], cancellationToken);
        await PayAsync(partlyPaid, Math.Round(partlyPaid.Total * 0.4m, 2, MidpointRounding.AwayFromZero), "1", cancellationToken);

        // The month after: one invoice waits for its money, one was cancelled (the report is Approved again), one report
        // was cancelled before it was sent.
        await InvoicedAsync(northwind, months[1], cancellationToken);
        var recalled = await InvoicedAsync(acme, months[1], cancellationToken);
        await api.PostAsync($"/api/invoices/{recalled.InvoiceId}/cancel",
            new { reason = "The client's new legal address must be on the invoice; issue it again once they confirm it." }, cancellationToken);
        _statuses[recalled.ReportNumber] = "Approved";
        var cancelled = await DraftAsync(globex, months[1], cancellationToken);
        await api.PostAsync($"/api/reports/{cancelled.Id}/cancel", new { comment = "The client paused the project; billed with next month." }, cancellationToken);
        _statuses[cancelled.Number] = "Cancelled";

        // Last month: the client asked for changes, one is with the client, one is still a draft.
        var disputed = await SentAsync(northwind, months[2], cancellationToken);
        await api.PostAsync($"/api/public/reports/{disputed.Token}/request-changes",
            new { comment = "Line 2 looks too long for a design review; please check the hours.", name = "Maria Client", lines = new[] { 2 } },
            cancellationToken);
        _statuses[disputed.Number] = "ChangesRequested";
        await SentAsync(acme, months[2], cancellationToken);
        await DraftAsync(globex, months[2], cancellationToken);

        // A payment that names no invoice: it waits, with its reason, for an accountant to assign it.
        await api.PostAsync("/api/payments", new
        {
            source = PaymentSource,
            externalId = "demo-unmatched-1",
            reference = "Invoice 17 of last month",
            amount = 250.00m,
            currency = "BYN",
            paidAt = DateTimeOffset.UtcNow,
            payerName = "Northwind Studio",
            purpose = "Payment for services, invoice unknown",
        }, cancellationToken);
        _payments++;
        _unmatched++;

        foreach (var (number, status) in new Dictionary<string, string>(_statuses))
        {
            var id = _ids[number];
            await api.EventuallyAsync(() => api.GetAsync($"/api/reports/{id}", cancellationToken),
                r => r.GetProperty("status").GetString() == status, $"report {number} {status}", cancellationToken);
        }

        var summary = new DemoSummary(_statuses, Clients.Length, _timeEntries, _invoices.Count, _payments, _unmatched);
        log($"Demo data seeded: {summary}");
        return summary;
    }

    private readonly Dictionary<string, Guid> _ids = [];
    private readonly Dictionary<Guid, Client> _clientOf = [];

    private sealed record Draft(Guid Id, string Number);

    private sealed record Sent(Guid Id, string Number, string Token, string Hash);

    private sealed record Issued(Guid CompanyId, Guid ReportId, string ReportNumber, Guid InvoiceId, string InvoiceNumber, string PaymentReference, decimal Total, string Currency);

    /// <summary>The client, its project with a rate card, three tasks and a few days of time in each month.</summary>
    private async Task<Guid> RecordWorkAsync(Client client, DateOnly[] months, CancellationToken cancellationToken)
    {
        var company = await api.PostAsync("/api/companies", new
        {
            name = client.Name,
            legalName = client.LegalName,
            taxId = "190000000",
            address = "Minsk, Nezavisimosti Ave 1",
            contactEmail = $"billing@{client.Key}.example",
            currency = client.Currency,
            paymentTermsDays = 14,
            externalId = $"{ExternalIdPrefix}{client.Key}",
        }, cancellationToken);
        var companyId = company.GetProperty("id").GetGuid();
        _clientOf[companyId] = client;
        var project = await api.PostAsync("/api/projects", new
        {
            companyId,
            name = client.Project,
            currency = client.Currency,
            roundingMode = "Up",
            roundingIncrementMinutes = 15,
            billablePercents = new[] { new { workType = "Bug fixing", percent = 50 } },
        }, cancellationToken);
        var projectId = project.GetProperty("id").GetGuid();
        var from = months[0].AddMonths(-1);
        await api.PostAsync($"/api/projects/{projectId}/rates", new { hourlyRate = client.Rate, effectiveFrom = from }, cancellationToken);
        await api.PostAsync($"/api/projects/{projectId}/rates", new { workType = "Design", hourlyRate = client.DesignRate, effectiveFrom = from }, cancellationToken);
        await api.PostAsync($"/api/projects/{projectId}/rates", new { person = People[1], hourlyRate = client.SeniorRate, effectiveFrom = from }, cancellationToken);

        string[] workTypes = ["Development", "Design", "Bug fixing"];
        var random = new Random(client.Key.Length * 7919);
        for (var t = 0; t < client.Tasks.Length; t++)
        {
            var key = $"{client.TaskPrefix}-{101 + t}";
            var task = await api.PostAsync("/api/tasks", new
            {
                projectId,
                title = client.Tasks[t],
                workType = workTypes[t],
                status = "Done",
                assignee = People[t],
                externalKey = key,
                externalUrl = $"https://planner.example/browse/{key}",
            }, cancellationToken);
            var taskId = task.GetProperty("id").GetGuid();
            foreach (var month in months)
            {
                for (var day = 3 + t; day <= 24; day += 7)
                {
                    await api.PostAsync("/api/time-entries", new
                    {
                        taskId,
                        person = People[(t + day) % People.Length],
                        workDate = month.AddDays(day - 1),
                        minutes = 30 * random.Next(2, 9) + random.Next(0, 3) * 10,
                        comment = $"{client.Tasks[t]}: session {day / 7 + 1}",
                    }, cancellationToken);
                    _timeEntries++;
                }
            }
        }

        log($"Demo data: {client.Name}, {client.Project}, {client.Tasks.Length} tasks and their time.");
        return companyId;
    }

    /// <summary>A draft over the client's month, once Reporting's preview shows all of that month's time priced.</summary>
    private async Task<Draft> DraftAsync(Guid companyId, DateOnly month, CancellationToken cancellationToken)
    {
        var to = month.AddMonths(1).AddDays(-1);
        var expected = (await api.GetAsync($"/api/time-entries?companyId={companyId}&from={month:yyyy-MM-dd}&to={to:yyyy-MM-dd}&pageSize=500",
            cancellationToken)).GetProperty("total").GetInt32();
        await api.EventuallyAsync(() => api.PostAsync("/api/reports/preview", new { companyId, from = month, to }, cancellationToken),
            preview => ShowsAll(preview, expected), $"the preview of {month:yyyy-MM} with {expected} entries", cancellationToken);
        var card = await api.PostAsync("/api/reports", new { companyId, from = month, to }, cancellationToken);
        var draft = new Draft(card.GetProperty("id").GetGuid(), card.GetProperty("number").GetString()!);
        _ids[draft.Number] = draft.Id;
        _statuses[draft.Number] = "Draft";
        return draft;
    }

    private static bool ShowsAll(JsonElement preview, int expected)
    {
        var lines = preview.GetProperty("lines").EnumerateArray().ToList();
        return lines.Sum(l => l.GetProperty("entryCount").GetInt32()) == expected
            && lines.All(l => l.GetProperty("rate").ValueKind == JsonValueKind.Number);
    }

    private async Task<Sent> SentAsync(Guid companyId, DateOnly month, CancellationToken cancellationToken)
    {
        var draft = await DraftAsync(companyId, month, cancellationToken);
        var sent = await api.PostAsync($"/api/reports/{draft.Id}/send", null, cancellationToken);
        _statuses[draft.Number] = "Sent";
        return new Sent(draft.Id, draft.Number, sent.GetProperty("link").GetProperty("token").GetString()!,
            sent.GetProperty("report").GetProperty("snapshotHash").GetString()!);
    }

    /// <summary>Sent, approved by the client on its page, and invoiced by Billing (the report Invoiced).</summary>
    private async Task<Issued> InvoicedAsync(Guid companyId, DateOnly month, CancellationToken cancellationToken)
    {
        var sent = await SentAsync(companyId, month, cancellationToken);
        var client = _clientOf[companyId];
        await api.PostAsync($"/api/public/reports/{sent.Token}/approve",
            new { name = "Maria Client", email = $"maria@{client.Key}.example", hash = sent.Hash }, cancellationToken);
        var found = await api.EventuallyAsync(() => api.GetAsync($"/api/invoices?reportId={sent.Id}", cancellationToken),
            page => page.GetProperty("total").GetInt32() > 0, $"the invoice of report {sent.Number}", cancellationToken);
        var invoice = found.GetProperty("items")[0];
        await api.EventuallyAsync(() => api.GetAsync($"/api/reports/{sent.Id}", cancellationToken),
            r => r.GetProperty("status").GetString() == "Invoiced", $"report {sent.Number} Invoiced", cancellationToken);
        var issued = new Issued(companyId, sent.Id, sent.Number, invoice.GetProperty("id").GetGuid(), invoice.GetProperty("number").GetString()!,
            invoice.GetProperty("paymentReference").GetString()!, invoice.GetProperty("total").GetDecimal(), invoice.GetProperty("currency").GetString()!);
        _invoices.Add(issued.InvoiceNumber);
        _statuses[sent.Number] = "Invoiced";
        return issued;
    }

    private async Task PayAsync(Issued invoice, decimal amount, string part, CancellationToken cancellationToken)
    {
        var outcome = await api.PostAsync("/api/payments", new
        {
            source = PaymentSource,
            externalId = $"demo-{invoice.InvoiceNumber}-{part}",
            reference = invoice.PaymentReference,
            amount,
            currency = invoice.Currency,
            paidAt = DateTimeOffset.UtcNow,
            payerName = _clientOf[invoice.CompanyId].LegalName,
            purpose = $"Payment for invoice {invoice.InvoiceNumber}",
        }, cancellationToken);
        if (outcome.GetProperty("outcome").GetString() != "Applied")
        {
            throw new DemoDataException($"Payment {part} of invoice {invoice.InvoiceNumber} was not applied: {outcome}");
        }

        _payments++;
        var read = await api.GetAsync($"/api/invoices/{invoice.InvoiceId}", cancellationToken);
        if (read.GetProperty("status").GetString() == "Paid")
        {
            _statuses[invoice.ReportNumber] = "Paid";
        }
    }
}
