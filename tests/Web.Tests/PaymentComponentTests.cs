using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Billing;
using Microsoft.AspNetCore.Components.Forms;

namespace Clearhours.Web.Tests;

/// <summary>The assign picker and the bank statement's upload and result, as the accountant uses them.</summary>
public sealed class PaymentComponentTests : BillingComponentContext
{
    private static readonly string AssignPath = $"/api/payments/{Billing.PaymentId}/assign";

    private static readonly StatementAnswer Statement = new(1, 1, 1, 1,
    [
        new StatementLine(2, StatementLineOutcome.Matched, "PP-17", 500m, "СЧ-2026-0001", Billing.PaymentId, Billing.InvoiceId, null),
        new StatementLine(3, StatementLineOutcome.Unmatched, "PP-18", 90m, "СЧ-2026-0099", Guid.NewGuid(), null, "No invoice has the number 'СЧ-2026-0099'."),
        new StatementLine(4, StatementLineOutcome.Duplicate, "PP-16", 1234.5m, "СЧ-2026-0001", Guid.NewGuid(), Billing.InvoiceId,
            "Received before, on 2026-10-01; it is Applied."),
        new StatementLine(5, StatementLineOutcome.Ignored, null, null, null, null, null, "Debited from the account, not a payment in."),
    ]);

    [Fact]
    public void The_picker_lists_invoices_by_number_and_assigns_the_payment_to_the_one_picked()
    {
        Gateway.AnswerInvoices(
            Billing.Summary(Billing.InvoiceId, "СЧ-2026-0001", InvoiceStatus.Overdue, 1234.50m, 734.50m, new DateOnly(2026, 10, 31)),
            Billing.Summary(Billing.OverdueId, "СЧ-2026-0002", InvoiceStatus.Issued, 90m, 90m, new DateOnly(2026, 12, 31)));
        Gateway.Answer(HttpMethod.Post, AssignPath, HttpStatusCode.OK,
            Billing.Payment(PaymentStatus.Applied, 90m, "PP-18") with { AppliedAmount = 90m });
        PaymentView? assigned = null;
        var picker = Render<AssignPicker>(p => p.Add(a => a.Payment, Billing.Payment(PaymentStatus.Unmatched, 90m, "PP-18", "No invoice."))
            .Add(a => a.Assigned, payment => assigned = payment));

        Assert.True(AssignButton(picker).HasAttribute("disabled"));
        Assert.Equal(["СЧ-2026-0001 — Acme LLC, остаток 734,50 BYN, Просрочен, срок 31.10.2026", "СЧ-2026-0002 — Acme LLC, остаток 90,00 BYN, Выставлен, срок 31.12.2026"],
            picker.FindAll("label.candidate").Select(l => l.TextContent.Trim().Replace('\u00a0', ' ')));
        picker.FindAll("input[type=radio]")[1].Change(true);
        AssignButton(picker).Click();

        Assert.Equal("Разнести на счёт СЧ-2026-0002", AssignButton(picker).TextContent.Trim());
        var call = Sent("POST", AssignPath);
        Assert.Equal($"{{\"invoiceId\":\"{Billing.OverdueId}\"}}", call.Body);
        Assert.Equal("Bearer token-of-olga", call.Authorization);
        Assert.Equal(90m, assigned!.AppliedAmount);
    }

    [Fact]
    public void The_picker_searches_by_the_number_typed()
    {
        Gateway.AnswerInvoices();
        var picker = Render<AssignPicker>(p => p.Add(a => a.Payment, Billing.Payment(PaymentStatus.Unmatched, 90m)));

        picker.Find("#assign-number").Change("СЧ-2026-00");
        picker.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Найти").Click();

        Assert.Equal(2, Gateway.Requests.Count(r => r.Path == "/api/invoices"));
        Assert.Contains("Счетов не найдено.", picker.Markup);
    }

    [Fact]
    public void A_refused_assignment_shows_billings_reason_with_its_correlation_id_and_assigns_nothing()
    {
        Gateway.AnswerInvoices(Billing.Summary(Billing.InvoiceId, "СЧ-2026-0001", InvoiceStatus.Paid, 100m, 0m, new DateOnly(2026, 10, 31)));
        Gateway.Problem(HttpMethod.Post, AssignPath, HttpStatusCode.Conflict, "The payment cannot be assigned to this invoice.", "corr-assign-1");
        var assigned = false;
        var picker = Render<AssignPicker>(p => p.Add(a => a.Payment, Billing.Payment(PaymentStatus.Unmatched, 90m))
            .Add(a => a.Assigned, _ => assigned = true));

        picker.Find("input[type=radio]").Change(true);
        AssignButton(picker).Click();

        var notice = picker.Find("[role=alert]").TextContent;
        Assert.Contains("The payment cannot be assigned to this invoice.", notice);
        Assert.Contains("corr-assign-1", notice);
        Assert.False(assigned);
    }

    [Fact]
    public void The_statement_result_counts_its_lines_and_shows_each_with_its_outcome()
    {
        var result = Render<StatementResult>(p => p.Add(r => r.Answer, Statement).Add(r => r.Currency, "BYN"));

        Assert.Equal("Разнесено: 1, не разнесено: 1, повторов: 1, пропущено: 1.", result.Find(".counts").TextContent.Trim());
        var rows = result.FindAll("tr").Where(r => r.QuerySelector("td") is not null)
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim().Replace('\u00a0', ' ')).ToList()).ToList();
        Assert.Equal(["2", "Разнесён", "PP-17", "500,00 BYN", "СЧ-2026-0001", "Открыть счёт", ""], rows[0]);
        Assert.Equal(["3", "Не разнесён", "PP-18", "90,00 BYN", "СЧ-2026-0099", "", "No invoice has the number 'СЧ-2026-0099'."], rows[1]);
        Assert.Equal("Повтор", rows[2][1]);
        Assert.Equal("Received before, on 2026-10-01; it is Applied.", rows[2][6]);
        Assert.Equal(["5", "Пропущен", "", "", "", "", "Debited from the account, not a payment in."], rows[3]);
        Assert.Contains("outcome-unmatched", result.FindAll("tr").Where(r => r.QuerySelector("td") is not null).ElementAt(1).ClassName);
    }

    [Fact]
    public void Without_a_currency_the_amounts_are_plain_numbers()
    {
        var result = Render<StatementResult>(p => p.Add(r => r.Answer, Statement));

        Assert.Contains("1 234,50", result.FindAll("td").Select(c => c.TextContent.Trim().Replace('\u00a0', ' ')));
    }

    [Fact]
    public async Task A_statement_is_uploaded_as_a_file_in_its_currency_and_its_lines_are_shown()
    {
        Gateway.Answer(HttpMethod.Post, "/api/payments/statements", HttpStatusCode.OK, Statement);
        var uploaded = 0;
        var upload = Render<StatementUpload>(p => p.Add(u => u.Uploaded, () => uploaded++));

        Assert.True(UploadButton(upload).HasAttribute("disabled"));
        upload.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "externalId,date,amount,currency,payerName,payerAccount,purpose\nPP-17,2026-10-05,500.00,BYN,Acme,BY00,СЧ-2026-0001\n", "october.csv"));
        upload.Find("#statement-currency").Change("byn");
        UploadButton(upload).Click();

        await upload.WaitForAssertionAsync(() => Assert.Equal(1, uploaded));
        var call = Sent("POST", "/api/payments/statements");
        Assert.Equal("Bearer token-of-olga", call.Authorization);
        Assert.Contains("name=file; filename=october.csv", call.Body);
        Assert.Contains("PP-17,2026-10-05,500.00,BYN", call.Body);
        Assert.Contains("Разнесено: 1, не разнесено: 1, повторов: 1, пропущено: 1.", upload.Find(".counts").TextContent);
        Assert.Equal(4, upload.FindAll(".statement-result tr").Count(r => r.QuerySelector("td") is not null));
    }

    [Fact]
    public async Task A_statement_billing_cannot_read_shows_the_line_it_names_with_the_correlation_id()
    {
        Gateway.Problem(HttpMethod.Post, "/api/payments/statements", HttpStatusCode.BadRequest, "Line 3: Expected Ключ=Значение.", "corr-stmt-1");
        var upload = Render<StatementUpload>();

        upload.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("1CClientBankExchange\ngarbage\n", "bank.txt"));
        UploadButton(upload).Click();

        await upload.WaitForAssertionAsync(() => Assert.Contains("corr-stmt-1", upload.Find("[role=alert]").TextContent));
        Assert.Contains("Line 3: Expected Ключ=Значение.", upload.Find("[role=alert]").TextContent);
        Assert.Empty(upload.FindAll(".statement-result"));
    }

    private static AngleSharp.Dom.IElement AssignButton(IRenderedComponent<AssignPicker> picker) =>
        picker.FindAll("fluent-button").Single(b => b.TextContent.Trim().StartsWith("Разнести"));

    private static AngleSharp.Dom.IElement UploadButton(IRenderedComponent<StatementUpload> upload) =>
        upload.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Загрузить выписку");
}
