using System.Net;
using System.Net.Http.Json;
using System.Text;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests.Http;

/// <summary>Payments recorded by hand, listed and assigned over HTTP, through the same intake as every other source.</summary>
public sealed class PaymentsApiTests(ServersFixture servers) : BillingApiTests(servers)
{
    [Fact]
    public async Task Two_manual_partial_payments_pay_the_invoice_and_the_second_sent_again_is_a_200_duplicate_that_changes_nothing()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));

        var first = await RecordAsync(Body("PP-1", invoice.Number, 400.25m), HttpStatusCode.Created);
        var second = await RecordAsync(Body("PP-2", invoice.PaymentReference, 599.75m), HttpStatusCode.Created);
        var again = await RecordAsync(Body("PP-2", invoice.PaymentReference, 599.75m), HttpStatusCode.OK);

        Assert.Equal([PaymentOutcomeKind.Applied, PaymentOutcomeKind.Applied, PaymentOutcomeKind.Duplicate], [first.Outcome, second.Outcome, again.Outcome]);
        Assert.Equal(second.Payment.Id, again.Payment.Id);
        Assert.Equal(("manual", "accountant", invoice.Id), (first.Payment.Source, first.Payment.AssignedBy, first.Payment.InvoiceId));
        var card = await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.OK);
        Assert.Equal((InvoiceStatus.Paid, 1000m, 0m), (card.Status, card.PaidAmount, card.Balance));
        Assert.Equal([599.75m, 0m], (await Staff.EventsAsync<PaymentApplied>()).Select(e => e.Balance));
        Assert.Equal(invoice.Id, Assert.Single(await Staff.EventsAsync<InvoicePaid>()).InvoiceId);
    }

    public static TheoryData<string, string> BadPayments() => new()
    {
        { """{"externalId":"PP-1","reference":"X","amount":10.005,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "amount" },
        { """{"externalId":"PP-1","reference":"X","amount":-5,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "amount" },
        { """{"externalId":"PP-1","reference":"X","amount":0,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "amount" },
        { """{"externalId":"PP-1","reference":"X","amount":1000000000000.01,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "amount" },
        { """{"externalId":"PP-1","reference":"X","currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "amount" },
        { """{"externalId":"PP-1","reference":"X","amount":10,"currency":"XYZ","paidAt":"2026-11-28T10:00:00Z"}""", "currency" },
        { """{"externalId":"PP-1","reference":"X","amount":10,"currency":"byn","paidAt":"2026-11-28T10:00:00Z"}""", "currency" },
        { """{"externalId":"PP-1","reference":"X","amount":10,"currency":"BYN"}""", "paidAt" },
        { """{"reference":"X","amount":10,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "externalId" },
        { """{"externalId":"  ","reference":"X","amount":10,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "externalId" },
        { """{"externalId":"PP-1","amount":10,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "reference" },
        { """{"source":"bank alpha","externalId":"PP-1","reference":"X","amount":10,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""", "source" },
    };

    [Theory]
    [MemberData(nameof(BadPayments))]
    public async Task A_payment_missing_a_field_or_with_a_bad_amount_or_currency_is_a_400_naming_it_and_nothing_is_stored(string body, string field)
    {
        using var response = await PostRawAsync("/api/payments", body);

        Assert.Contains(field, await BillingStaff.FieldErrorsAsync(response));
        await using var db = App.NewDbContext();
        Assert.False(await db.Payments.AnyAsync());
    }

    [Theory]
    [InlineData("""{"externalId":"PP-1","reference":"X","amount":1e40,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""")]
    [InlineData("""{"externalId":"PP-1","reference":"X","amount":"10.00","currency":"BYN","paidAt":"2026-11-28T10:00:00Z"}""")]
    [InlineData("""{"externalId":"PP-1","reference":"X","amount":10,"currency":"BYN","paidAt":"yesterday"}""")]
    [InlineData("""{"externalId":"PP-1","reference":""")]
    [InlineData("")]
    public async Task A_payment_that_is_not_the_JSON_of_the_contract_is_a_400_and_nothing_is_stored(string body)
    {
        using var response = await PostRawAsync("/api/payments", body);

        await BillingStaff.ProblemAsync(response, HttpStatusCode.BadRequest);
        await using var db = App.NewDbContext();
        Assert.False(await db.Payments.AnyAsync());
    }

    [Fact]
    public async Task Unmatched_payments_are_listed_newest_first_with_their_reason()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        var applied = await RecordAsync(Body("PP-1", invoice.Number, 100m), HttpStatusCode.Created);
        App.Clock.Now = ManualClock.Start.AddMinutes(1);
        var nowhere = await RecordAsync(Body("PP-2", "СЧ-1999-0001", 50m), HttpStatusCode.Created);
        App.Clock.Now = ManualClock.Start.AddMinutes(2);
        var inEuro = await RecordAsync(Body("PP-3", invoice.Number, 70m) with { Currency = "EUR" }, HttpStatusCode.Created);

        var unmatched = await ListAsync("status=unmatched");
        Assert.Equal([inEuro.Payment.Id, nowhere.Payment.Id], unmatched.Select(p => p.Id));
        Assert.Equal([PaymentOutcomeKind.Unmatched, PaymentOutcomeKind.Unmatched], [nowhere.Outcome, inEuro.Outcome]);
        Assert.Contains("EUR", unmatched[0].Reason);
        Assert.Contains("No invoice", unmatched[1].Reason);
        Assert.Equal([applied.Payment.Id], (await ListAsync("status=Applied")).Select(p => p.Id));
        Assert.Equal([applied.Payment.Id], (await ListAsync($"invoiceId={invoice.Id}")).Select(p => p.Id));
        Assert.Equal([applied.Payment.Id], (await ListAsync($"companyId={invoice.CompanyId}")).Select(p => p.Id));
        Assert.Equal(3, (await ListAsync("")).Count);
        var one = await Staff.ReadAsync<PaymentView>(await Staff.Accountant.GetAsync($"/api/payments/{nowhere.Payment.Id}"), HttpStatusCode.OK);
        Assert.Equal((50m, "BYN", PaymentStatus.Unmatched), (one.Amount, one.Currency, one.Status));
    }

    [Theory]
    [InlineData("status=parked")]
    [InlineData("status=1")]
    public async Task A_payment_status_that_is_neither_unmatched_nor_applied_is_a_400(string query)
    {
        using var response = await Staff.Accountant.GetAsync($"/api/payments?{query}");

        Assert.Contains("status", await BillingStaff.FieldErrorsAsync(response));
    }

    [Fact]
    public async Task An_unmatched_payment_assigned_by_invoice_number_pays_the_invoice_keeps_the_excess_as_credit_and_announces_it()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        await RecordAsync(Body("PP-1", invoice.Number, 300m), HttpStatusCode.Created);
        var parked = await RecordAsync(Body("PP-2", "счёт за ноябрь", 800m), HttpStatusCode.Created);

        var assigned = await AssignedAsync(parked.Payment.Id, new { invoiceNumber = invoice.Number.ToLowerInvariant() });

        Assert.Equal((PaymentStatus.Applied, null, invoice.Id), (assigned.Status, assigned.Reason, assigned.InvoiceId));
        Assert.Equal((700m, 100m, "accountant"), (assigned.AppliedAmount, assigned.CreditAmount, assigned.AssignedBy));
        var card = await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.OK);
        Assert.Equal((InvoiceStatus.Paid, 0m), (card.Status, card.Balance));
        Assert.Contains("assigned by accountant", card.Ledger.Single(l => l.Kind == LedgerKind.PaymentApplied && l.Amount == 700m).Note);
        await using (var db = App.NewDbContext())
        {
            Assert.Equal(100m, await db.Credits.Where(c => c.CompanyId == invoice.CompanyId).SumAsync(c => c.Amount));
        }

        Assert.Equal([(300m, 700m), (700m, 0m)], (await Staff.EventsAsync<PaymentApplied>()).Select(e => (e.Amount, e.Balance)));
        Assert.Equal(invoice.Id, Assert.Single(await Staff.EventsAsync<InvoicePaid>()).InvoiceId);

        var again = await RefusedAsync(parked.Payment.Id, new { invoiceId = invoice.Id }, HttpStatusCode.Conflict);
        Assert.Contains("already applied", again);
    }

    [Fact]
    public async Task One_payment_assigned_to_two_invoices_at_the_same_moment_pays_exactly_one_of_them()
    {
        var (left, right) = (await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1)), await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1)));
        var parked = await RecordAsync(Body("PP-1", "?", 250m), HttpStatusCode.Created);

        var answers = await Task.WhenAll(
            Staff.Accountant.PostAsJsonAsync($"/api/payments/{parked.Payment.Id}/assign", new { invoiceId = left.Id }),
            Staff.Accountant.PostAsJsonAsync($"/api/payments/{parked.Payment.Id}/assign", new { invoiceId = right.Id }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await using var db = App.NewDbContext();
        var paid = await db.Invoices.Where(i => i.Id == left.Id || i.Id == right.Id).Select(i => i.PaidAmount).ToListAsync();
        Assert.Equal([0m, 250m], paid.Order());
        Assert.Single(await Staff.EventsAsync<PaymentApplied>());
    }

    [Fact]
    public async Task A_payment_is_not_assigned_to_a_paid_or_cancelled_invoice_or_one_in_another_currency_and_stays_parked()
    {
        var paid = await Staff.IssueAsync(100m, new DateOnly(2026, 12, 1));
        await RecordAsync(Body("PP-1", paid.Number, 100m), HttpStatusCode.Created);
        var inEuro = await Staff.IssueAsync(100m, new DateOnly(2026, 12, 1), currency: "EUR");
        var cancelled = await Staff.IssueAsync(100m, new DateOnly(2026, 12, 1));
        using (var cancel = await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{cancelled.Id}/cancel", new { reason = "Issued by mistake" }))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var parked = await RecordAsync(Body("PP-2", "?", 50m), HttpStatusCode.Created);

        Assert.Contains("paid already", await RefusedAsync(parked.Payment.Id, new { invoiceId = paid.Id }, HttpStatusCode.Conflict));
        Assert.Contains("EUR", await RefusedAsync(parked.Payment.Id, new { invoiceNumber = inEuro.PaymentReference }, HttpStatusCode.Conflict));
        Assert.Contains("cancelled", await RefusedAsync(parked.Payment.Id, new { invoiceId = cancelled.Id }, HttpStatusCode.Conflict));
        var stored = await Staff.ReadAsync<PaymentView>(await Staff.Accountant.GetAsync($"/api/payments/{parked.Payment.Id}"), HttpStatusCode.OK);
        Assert.Equal((PaymentStatus.Unmatched, null, 0m), (stored.Status, stored.InvoiceId, stored.AppliedAmount));
        Assert.Single(await Staff.EventsAsync<PaymentApplied>());
    }

    [Fact]
    public async Task Assigning_names_one_invoice_that_exists_and_a_payment_that_exists()
    {
        var invoice = await Staff.IssueAsync(100m, new DateOnly(2026, 12, 1));
        var parked = await RecordAsync(Body("PP-1", "?", 50m), HttpStatusCode.Created);

        Assert.Contains("invoiceId", await BillingStaff.FieldErrorsAsync(await Staff.Accountant.PostAsJsonAsync(
            $"/api/payments/{parked.Payment.Id}/assign", new { })));
        Assert.Contains("invoiceId", await BillingStaff.FieldErrorsAsync(await Staff.Accountant.PostAsJsonAsync(
            $"/api/payments/{parked.Payment.Id}/assign", new { invoiceId = invoice.Id, invoiceNumber = invoice.Number })));
        await RefusedAsync(parked.Payment.Id, new { invoiceNumber = "СЧ-1999-0001" }, HttpStatusCode.UnprocessableEntity);
        await RefusedAsync(parked.Payment.Id, new { invoiceId = Guid.NewGuid() }, HttpStatusCode.UnprocessableEntity);
        await RefusedAsync(Guid.NewGuid(), new { invoiceId = invoice.Id }, HttpStatusCode.NotFound);
        await BillingStaff.ProblemAsync(await Staff.Accountant.GetAsync($"/api/payments/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal(0m, (await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.OK)).PaidAmount);
    }

    [Fact]
    public async Task Payments_are_for_accountants_and_admins_a_manager_gets_403()
    {
        var invoice = await Staff.IssueAsync(100m, new DateOnly(2026, 12, 1));

        using var asManager = await Staff.Client("manager").PostAsJsonAsync("/api/payments", Body("PP-1", invoice.Number, 100m), BillingStaff.Json);
        using var asAdmin = await Staff.Client("admin").PostAsJsonAsync("/api/payments", Body("PP-1", invoice.Number, 100m), BillingStaff.Json);
        using var listAsManager = await Staff.Client("manager").GetAsync("/api/payments");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Created, HttpStatusCode.Forbidden),
            (asManager.StatusCode, asAdmin.StatusCode, listAsManager.StatusCode));
        Assert.Equal("admin", (await Staff.ReadAsync<PaymentReceipt>(asAdmin, HttpStatusCode.Created)).Payment.AssignedBy);
    }

    private static RecordPaymentRequest Body(string externalId, string reference, decimal amount) =>
        new(null, externalId, reference, amount, "BYN", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), "ООО «Акме»", "BY00ALFA0000", "Оплата");

    private async Task<PaymentReceipt> RecordAsync(RecordPaymentRequest body, HttpStatusCode expected) =>
        await Staff.ReadAsync<PaymentReceipt>(await Staff.Accountant.PostAsJsonAsync("/api/payments", body, BillingStaff.Json), expected);

    private async Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        await Staff.Accountant.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<List<PaymentView>> ListAsync(string query) =>
        [.. (await Staff.ReadAsync<Page<PaymentView>>(await Staff.Accountant.GetAsync($"/api/payments?{query}"), HttpStatusCode.OK)).Items];

    private async Task<PaymentView> AssignedAsync(Guid paymentId, object body)
    {
        using var response = await Staff.Accountant.PostAsJsonAsync($"/api/payments/{paymentId}/assign", body);
        return await Staff.ReadAsync<PaymentView>(response, HttpStatusCode.OK);
    }

    /// <summary>The problem's detail (or title), after checking its status.</summary>
    private async Task<string> RefusedAsync(Guid paymentId, object body, HttpStatusCode expected)
    {
        using var response = await Staff.Accountant.PostAsJsonAsync($"/api/payments/{paymentId}/assign", body);
        var problem = await BillingStaff.ProblemAsync(response, expected);
        return (problem.TryGetProperty("detail", out var detail) ? detail : problem.GetProperty("title")).GetString()!;
    }
}
