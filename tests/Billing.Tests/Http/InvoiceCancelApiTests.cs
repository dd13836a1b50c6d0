using System.Net;
using System.Net.Http.Json;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests.Http;

/// <summary>Cancelling an unpaid invoice with a credit note, by an accountant or because its report was cancelled.</summary>
public sealed class InvoiceCancelApiTests(ServersFixture servers) : BillingApiTests(servers)
{
    [Fact]
    public async Task Cancelling_an_unpaid_invoice_takes_the_next_credit_note_number_records_it_in_the_ledger_and_announces_it()
    {
        var first = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        var second = await Staff.IssueAsync(500m, new DateOnly(2026, 12, 1));

        var cancelledFirst = await CancelAsync(first.Id, "  Issued to the wrong company  ");
        var cancelledSecond = await CancelAsync(second.Id, "Duplicate");

        Assert.Equal((InvoiceStatus.Cancelled, "КН-2026-0001", "Issued to the wrong company"),
            (cancelledFirst.Status, cancelledFirst.CreditNoteNumber, cancelledFirst.CancelReason));
        Assert.Contains("already cancelled", cancelledFirst.WhyNotCancellable);
        Assert.Equal("КН-2026-0002", cancelledSecond.CreditNoteNumber);
        var line = cancelledFirst.Ledger[^1];
        Assert.Equal((LedgerKind.Cancelled, 1000m, InvoiceStatus.Cancelled, "accountant"), (line.Kind, line.Amount, line.StatusAfter, line.By));
        Assert.Contains("КН-2026-0001", line.Note);
        Assert.Equal(
            [
                new InvoiceCancelled(first.Id, first.Number, first.ReportId, first.ReportNumber, "Issued to the wrong company", ManualClock.Start, "КН-2026-0001"),
                new InvoiceCancelled(second.Id, second.Number, second.ReportId, second.ReportNumber, "Duplicate", ManualClock.Start, "КН-2026-0002"),
            ],
            await Staff.EventsAsync<InvoiceCancelled>());
        var listed = await Staff.ReadAsync<Clearhours.ServiceDefaults.Api.Page<InvoiceSummary>>(
            await Staff.Accountant.GetAsync("/api/invoices?status=Cancelled"), HttpStatusCode.OK);
        Assert.Equal(2, listed.Total);
    }

    [Fact]
    public async Task An_invoice_with_a_payment_is_not_cancelled_and_the_answer_says_to_refund_the_payments_first()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        using (var paid = await Staff.Accountant.PostAsJsonAsync("/api/payments", new
        {
            externalId = "PP-1", reference = invoice.Number, amount = 10m, currency = "BYN", paidAt = ManualClock.Start,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        using var response = await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "Wrong" });

        var problem = await BillingStaff.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("refund the payments first", problem.GetProperty("detail").GetString());
        var card = await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.OK);
        Assert.Equal((InvoiceStatus.PartiallyPaid, null), (card.Status, card.CreditNoteNumber));
        // The card says so before anyone tries, so a screen offers no cancel.
        Assert.Equal(problem.GetProperty("detail").GetString(), card.WhyNotCancellable);
        Assert.Empty(await Staff.EventsAsync<InvoiceCancelled>());
    }

    [Fact]
    public async Task Cancelling_twice_is_a_409_and_takes_no_second_credit_note()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        await CancelAsync(invoice.Id, "Wrong");

        using var again = await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "Wrong" });

        Assert.Contains("already cancelled", (await BillingStaff.ProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Single(await Staff.EventsAsync<InvoiceCancelled>());
    }

    [Fact]
    public async Task A_cancel_without_a_reason_is_a_400_an_unknown_invoice_a_404_and_a_manager_gets_403()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));

        Assert.Contains("reason", await BillingStaff.FieldErrorsAsync(
            await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "   " })));
        Assert.Contains("reason", await BillingStaff.FieldErrorsAsync(
            await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = new string('x', 1001) })));
        await BillingStaff.ProblemAsync(
            await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{Guid.NewGuid()}/cancel", new { reason = "Wrong" }), HttpStatusCode.NotFound);
        using var asManager = await Staff.Client("manager").PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "Wrong" });
        Assert.Equal(HttpStatusCode.Forbidden, asManager.StatusCode);
        await using var db = App.NewDbContext();
        Assert.Equal(InvoiceStatus.Issued, (await db.Invoices.SingleAsync(i => i.Id == invoice.Id)).Status);
    }

    [Fact]
    public async Task A_payment_and_a_cancel_at_the_same_moment_never_both_win()
    {
        for (var round = 0; round < 5; round++)
        {
            var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
            var pay = Staff.Accountant.PostAsJsonAsync("/api/payments", new
            {
                externalId = $"PP-R{round}", reference = invoice.Number, amount = 1000m, currency = "BYN", paidAt = ManualClock.Start,
            });
            var cancel = Staff.Accountant.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "Race" });
            using var paid = await pay;
            using var cancelled = await cancel;

            var receipt = await Staff.ReadAsync<PaymentReceipt>(paid, HttpStatusCode.Created);
            var card = await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.OK);
            if (cancelled.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal((InvoiceStatus.Cancelled, 0m), (card.Status, card.PaidAmount));
                Assert.Equal(PaymentStatus.Unmatched, receipt.Payment.Status);
                Assert.Contains("cancelled", receipt.Payment.Reason);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
                Assert.Equal((InvoiceStatus.Paid, 1000m), (card.Status, card.PaidAmount));
            }
        }
    }

    [Fact]
    public async Task A_report_cancelled_after_approval_cancels_its_unpaid_invoice_once_however_often_it_arrives()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        var cancelled = new ReportCancelled(invoice.ReportId, invoice.ReportNumber, [Guid.NewGuid()], ManualClock.Start);

        await App.Bus.DeliverAsync(cancelled);
        await App.Bus.DeliverAsync(cancelled);

        await using var db = App.NewDbContext();
        var stored = await db.Invoices.SingleAsync(i => i.Id == invoice.Id);
        Assert.Equal((InvoiceStatus.Cancelled, "КН-2026-0001"), (stored.Status, stored.CreditNoteNumber));
        Assert.Contains(invoice.ReportNumber, stored.CancelReason);
        var announced = Assert.Single(await Staff.EventsAsync<InvoiceCancelled>());
        Assert.Equal((invoice.Id, "КН-2026-0001"), (announced.InvoiceId, announced.CreditNoteNumber));
    }

    [Fact]
    public async Task A_report_cancelled_after_its_invoice_was_paid_leaves_the_invoice_as_it_is_without_failing_the_message()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        using (var paid = await Staff.Accountant.PostAsJsonAsync("/api/payments", new
        {
            externalId = "PP-1", reference = invoice.Number, amount = 1000m, currency = "BYN", paidAt = ManualClock.Start,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        }

        var messageId = Guid.NewGuid();
        await App.Bus.DeliverAsync(new ReportCancelled(invoice.ReportId, invoice.ReportNumber, [], ManualClock.Start), messageId);

        Assert.Empty(App.Consumed.FailedAttemptsAt(messageId));
        await using var db = App.NewDbContext();
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices.SingleAsync(i => i.Id == invoice.Id)).Status);
        Assert.Empty(await Staff.EventsAsync<InvoiceCancelled>());
    }

    private async Task<InvoiceCard> CancelAsync(Guid id, string reason) =>
        await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{id}/cancel", new { reason }), HttpStatusCode.OK);
}
