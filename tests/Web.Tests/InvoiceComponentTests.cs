using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Billing;
using Clearhours.Web.Components.Pages.Staff.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>Recording a payment and cancelling an invoice, as the accountant clicks through them.</summary>
public sealed class InvoiceComponentTests : BillingComponentContext
{
    private const string PaymentsPath = "/api/payments";

    [Fact]
    public void A_payment_recorded_by_hand_is_sent_as_billing_takes_it_and_its_receipt_is_shown()
    {
        Gateway.Answer(HttpMethod.Post, PaymentsPath, HttpStatusCode.Created, new PaymentReceipt(PaymentOutcome.Applied,
            Billing.Payment(PaymentStatus.Applied, 1300m) with { AppliedAmount = 1234.50m, CreditAmount = 65.50m }));
        var recorded = 0;
        var form = Render<RecordPaymentForm>(p => p.Add(f => f.Invoice, Billing.Card(InvoiceStatus.Issued, paid: 0))
            .Add(f => f.Recorded, () => recorded++));

        form.Find("#payment-amount").Change("1 300,00");
        form.Find("#payment-document").Change("ПП-17");
        form.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Записать платёж").Click();

        var call = Sent("POST", PaymentsPath);
        Assert.Equal("Bearer token-of-olga", call.Authorization);
        Assert.Contains("\"externalId\":\"ПП-17\"", System.Text.RegularExpressions.Regex.Unescape(call.Body!));
        Assert.Contains("\"reference\":\"", call.Body);
        Assert.Contains("\"amount\":1300.00,", call.Body);
        Assert.Contains("\"currency\":\"BYN\"", call.Body);
        Assert.Contains($"\"paidAt\":\"{DateTime.Today:yyyy-MM-dd}T00:00:00+00:00\"", call.Body);
        Assert.Equal("Платёж 1 300,00 BYN записан: зачтено 1 234,50 BYN, в кредит клиента 65,50 BYN.",
            form.Find("[data-testid=payment-receipt]").TextContent.Trim().Replace('\u00a0', ' '));
        Assert.Equal(1, recorded);
    }

    [Fact]
    public void An_amount_that_is_not_a_number_is_not_sent()
    {
        var form = Render<RecordPaymentForm>(p => p.Add(f => f.Invoice, Billing.Card(InvoiceStatus.Issued, paid: 0)));

        form.Find("#payment-amount").Change("тысяча");
        form.Find("#payment-document").Change("ПП-17");
        form.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Записать платёж").Click();

        Assert.Empty(Gateway.Requests);
        Assert.Contains("Укажите сумму", form.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void A_refused_payment_shows_billings_reason_with_its_correlation_id()
    {
        Gateway.Problem(HttpMethod.Post, PaymentsPath, HttpStatusCode.BadRequest, "Amount: at most two decimals.", "corr-pay-9");
        var form = Render<RecordPaymentForm>(p => p.Add(f => f.Invoice, Billing.Card(InvoiceStatus.Issued, paid: 0)));

        form.Find("#payment-amount").Change("10.005");
        form.Find("#payment-document").Change("ПП-18");
        form.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Записать платёж").Click();

        var notice = form.Find("[role=alert]").TextContent;
        Assert.Contains("Amount: at most two decimals.", notice);
        Assert.Contains("corr-pay-9", notice);
    }

    [Theory]
    [InlineData("1 234,50", "1234.50")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("-5", null)]
    [InlineData("", null)]
    public void Amounts_are_read_in_either_cultures_way(string typed, string? read) =>
        Assert.Equal(read is null ? null : decimal.Parse(read, System.Globalization.CultureInfo.InvariantCulture), RecordPaymentForm.ParseAmount(typed));

    [Fact]
    public void Cancelling_asks_for_a_reason_then_sends_it_and_shows_the_credit_note()
    {
        var path = $"/api/invoices/{Billing.InvoiceId}";
        Gateway.Answer(HttpMethod.Get, path, HttpStatusCode.OK, Billing.Card(InvoiceStatus.Issued, paid: 0));
        Gateway.Answer(HttpMethod.Post, path + "/cancel", HttpStatusCode.OK, Billing.Card(InvoiceStatus.Cancelled, paid: 0, creditNote: "КН-2026-0001"));
        var page = Render<Invoice>(p => p.Add(i => i.Id, Billing.InvoiceId));

        page.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Аннулировать счёт").Click();
        var confirm = page.FindAll("fluent-dialog fluent-button").Single(b => b.TextContent.Trim() == "Аннулировать");
        Assert.True(confirm.HasAttribute("disabled"));
        page.Find("#cancel-reason").Input("Wrong period");
        page.FindAll("fluent-dialog fluent-button").Single(b => b.TextContent.Trim() == "Аннулировать").Click();

        Assert.Equal("{\"reason\":\"Wrong period\"}", Sent("POST", path + "/cancel").Body);
        Assert.Contains("Счёт СЧ-2026-0001 аннулирован, кредит-нота КН-2026-0001.", page.Find("[role=status]").TextContent);
        Assert.Equal("Аннулирован", page.Find(".title .invoice-status").TextContent.Trim());
        Assert.Contains(page.FindAll("fluent-button"), b => b.TextContent.Trim() == "Выставить заново");
    }

    [Fact]
    public void An_illegal_cancel_shows_billings_reason_with_its_correlation_id()
    {
        var path = $"/api/invoices/{Billing.InvoiceId}";
        Gateway.Answer(HttpMethod.Get, path, HttpStatusCode.OK, Billing.Card());
        Gateway.Problem(HttpMethod.Post, path + "/cancel", HttpStatusCode.Conflict, "The invoice cannot be cancelled.", "corr-cancel-1");
        var page = Render<Invoice>(p => p.Add(i => i.Id, Billing.InvoiceId));

        page.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Аннулировать счёт").Click();
        page.Find("#cancel-reason").Input("Client asked");
        page.FindAll("fluent-dialog fluent-button").Single(b => b.TextContent.Trim() == "Аннулировать").Click();

        var notice = page.Find("fluent-dialog [role=alert]").TextContent;
        Assert.Contains("The invoice cannot be cancelled.", notice);
        Assert.Contains("corr-cancel-1", notice);
        Assert.Equal("Оплачен частично", page.Find(".title .invoice-status").TextContent.Trim());
    }

    [Fact]
    public void An_invoice_billing_will_not_cancel_offers_no_cancel_button_but_still_takes_payments()
    {
        var path = $"/api/invoices/{Billing.InvoiceId}";
        Gateway.Answer(HttpMethod.Get, path, HttpStatusCode.OK,
            Billing.Card() with { WhyNotCancellable = "Invoice СЧ-2026-0001 has 500 BYN paid on it: refund the payments first." });
        var page = Render<Invoice>(p => p.Add(i => i.Id, Billing.InvoiceId));

        Assert.DoesNotContain(page.FindAll("fluent-button"), b => b.TextContent.Trim() == "Аннулировать счёт");
        Assert.Single(page.FindAll("#payment-amount"));
    }

    [Fact]
    public void Reissuing_a_cancelled_invoice_opens_the_new_one()
    {
        var path = $"/api/invoices/{Billing.InvoiceId}";
        var reissued = Billing.Card(InvoiceStatus.Issued, paid: 0) with { Id = Billing.OverdueId, Number = "СЧ-2026-0005" };
        Gateway.Answer(HttpMethod.Get, path, HttpStatusCode.OK, Billing.Card(InvoiceStatus.Cancelled, paid: 0, creditNote: "КН-2026-0001"));
        Gateway.Answer(HttpMethod.Post, path + "/reissue", HttpStatusCode.Created, reissued);
        var page = Render<Invoice>(p => p.Add(i => i.Id, Billing.InvoiceId));

        Assert.DoesNotContain(page.FindAll("fluent-button"), b => b.TextContent.Trim() == "Аннулировать счёт");
        Assert.Empty(page.FindAll("#payment-amount"));
        Assert.Contains("КН-2026-0001: Wrong period", page.Find("dl.facts").TextContent);
        page.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Выставить заново").Click();

        Assert.Null(Sent("POST", path + "/reissue").Body);
        Assert.Equal($"http://localhost/invoices/{Billing.OverdueId}", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public void A_refused_reissue_shows_billings_reason_with_its_correlation_id()
    {
        var path = $"/api/invoices/{Billing.InvoiceId}";
        Gateway.Answer(HttpMethod.Get, path, HttpStatusCode.OK, Billing.Card(InvoiceStatus.Cancelled, paid: 0, creditNote: "КН-2026-0001"));
        Gateway.Problem(HttpMethod.Post, path + "/reissue", HttpStatusCode.Conflict, "The invoice cannot be issued anew.", "corr-reissue-1");
        var page = Render<Invoice>(p => p.Add(i => i.Id, Billing.InvoiceId));

        page.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Выставить заново").Click();

        var notice = page.Find("[role=alert]").TextContent;
        Assert.Contains("The invoice cannot be issued anew.", notice);
        Assert.Contains("corr-reissue-1", notice);
    }
}
