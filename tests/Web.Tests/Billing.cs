using System.Net;
using Clearhours.Web.Api;

namespace Clearhours.Web.Tests;

/// <summary>Invoices and payments as Billing sends them, for the accountant's screens.</summary>
public static class Billing
{
    public static readonly Guid InvoiceId = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid OverdueId = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid ReportId = Guid.Parse("0193a000-0000-7000-8000-0000000000a1");
    public static readonly Guid CompanyId = Guid.Parse("0193a000-0000-7000-8000-0000000000c1");
    public static readonly Guid PaymentId = Guid.Parse("0193a000-0000-7000-8000-0000000000f1");

    public static InvoiceSummary Summary(Guid id, string number, InvoiceStatus status, decimal total, decimal balance, DateOnly dueOn) =>
        new(id, number, ReportId, "R-2026-0007", CompanyId, "Acme LLC", status, "BYN", total, total - balance, balance, "RF18000000000000000000001",
            new DateOnly(2026, 10, 1), dueOn, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30));

    public static BillingPage<T> Page<T>(params T[] items) => new(items, 1, 50, items.Length);

    public static InvoiceCard Card(InvoiceStatus status = InvoiceStatus.PartiallyPaid, decimal paid = 500m, string? creditNote = null) => new(
        InvoiceId, "СЧ-2026-0001", ReportId, "R-2026-0007", CompanyId,
        new InvoiceClient("Acme LLC", "ООО «Акме»", "190000001", "Минск", "Банк", "BY00ALFA30120000000000000000", "ALFABY2X"),
        status, "BYN", 1234.50m, paid, 1234.50m - paid, "RF18000000000000000000001", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
        new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30),
        [new InvoiceLine(1, "WEB-1 Checkout page", 750, 98.76m, 1234.50m, true), new InvoiceLine(2, "WEB-2 Internal demo", 90, 0m, 0m, false)],
        new string('a', 64), creditNote is null ? null : "Wrong period", creditNote,
        paid == 0 ? [] : [Payment(PaymentStatus.Applied, 500m) with { InvoiceId = InvoiceId, AppliedAmount = 500m }],
        [
            new InvoiceLedgerLine(1, LedgerKind.Issued, 1234.50m, 1234.50m, InvoiceStatus.Issued, "Issued for report R-2026-0007, due 2026-10-31.",
                "system", new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero)),
            .. paid == 0 ? Array.Empty<InvoiceLedgerLine>() :
            [
                new InvoiceLedgerLine(2, LedgerKind.PaymentApplied, 500m, 734.50m, InvoiceStatus.PartiallyPaid, "manual: 500 BYN applied, balance 734.50.",
                    "olga", new DateTimeOffset(2026, 10, 5, 12, 30, 0, TimeSpan.Zero)),
            ],
        ]);

    public static PaymentView Payment(PaymentStatus status, decimal amount, string externalId = "PP-17", string? reason = null) => new(
        PaymentId, "statement", externalId, "СЧ-2026-0099", amount, "BYN", new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero),
        "ООО «Акме»", "BY00ALFA30120000000000000000", "Оплата по счёту", new DateTimeOffset(2026, 10, 5, 12, 30, 0, TimeSpan.Zero), status, reason,
        status == PaymentStatus.Applied ? InvoiceId : null, status == PaymentStatus.Applied ? CompanyId : null, 0m, 0m, null);

    /// <summary>Signs <paramref name="browser"/> in as olga, the accountant.</summary>
    public static Task AsAccountantAsync(this Browser browser, WebApp app) => browser.SignInAsync(app.Gateway, "olga", "accountant");

    public static void AnswerInvoices(this FakeGateway gateway, params InvoiceSummary[] invoices) =>
        gateway.Answer(HttpMethod.Get, "/api/invoices", HttpStatusCode.OK, Page(invoices));
}
