using Clearhours.Billing.Model;

namespace Clearhours.Billing.Tests;

public sealed class InvoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public static Invoice Issued(decimal total = 1234.50m, string currency = "BYN", int sequence = 1, Guid? reportId = null)
    {
        InvoiceLine[] lines =
        [
            new(1, "AC-1 Дизайн макета", 600, 100m, total - 100m, true),
            new(2, "AC-2 Созвоны", 60, 100m, 100m, true),
            new(3, "AC-3 Внутренняя встреча", 30, 100m, 0m, false),
        ];
        return Invoice.Issue(reportId ?? Guid.NewGuid(), "R-2026-0001", Guid.NewGuid(), new InvoiceClient("Acme", "ООО «Акме»", "190000001", null, null, null, null),
            new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), lines, total, "hash", currency,
            InvoiceNumber.Format("СЧ-{0}-{1:D4}", 2026, sequence), new DateOnly(2026, 12, 1), 14, "billing", Now);
    }

    [Fact]
    public void An_issued_invoice_totals_its_billable_lines_is_due_after_the_payment_terms_and_has_its_reference()
    {
        var invoice = Issued();

        Assert.Equal(("СЧ-2026-0001", 1234.50m, 1234.50m, InvoiceStatus.Issued), (invoice.Number, invoice.Total, invoice.Balance, invoice.Status));
        Assert.Equal(new DateOnly(2026, 12, 15), invoice.DueOn);
        Assert.Equal(PaymentReference.For(2026, 1), invoice.PaymentReference);
        Assert.Equal(LedgerKind.Issued, Assert.Single(invoice.Ledger).Kind);
    }

    [Fact]
    public void An_invoice_whose_lines_do_not_add_up_to_the_approved_total_is_refused()
    {
        var lines = Issued().Lines;

        var refused = Assert.Throws<InvoiceRefusedException>(() => Invoice.Issue(Guid.NewGuid(), "R-2026-0002", Guid.NewGuid(),
            new InvoiceClient("Acme", null, null, null, null, null, null), new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            lines, 1234.49m, "hash", "BYN", InvoiceNumber.Format("СЧ-{0}-{1:D4}", 2026, 2), new DateOnly(2026, 12, 1), 14, "billing", Now));

        Assert.Contains("1234.50", refused.Message);
        Assert.Contains("1234.49", refused.Message);
    }

    [Fact]
    public void Partial_payments_add_up_and_the_one_that_reaches_zero_pays_the_invoice_once()
    {
        var invoice = Issued(total: 1000m);

        var first = invoice.Apply(400m, "BYN", "bank PP-1", "bank", Now);
        var second = invoice.Apply(600m, "BYN", "bank PP-2", "bank", Now);

        Assert.Equal(new PaymentApplication(400m, 0m, 600m, false), first);
        Assert.Equal(new PaymentApplication(600m, 0m, 0m, true), second);
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
    }

    [Fact]
    public void An_overpayment_closes_the_invoice_and_the_excess_is_credit_and_a_payment_after_that_is_all_credit()
    {
        var invoice = Issued(total: 1000m);

        var over = invoice.Apply(1200m, "BYN", "bank PP-1", "bank", Now);
        var after = invoice.Apply(50m, "BYN", "bank PP-2", "bank", Now);

        Assert.Equal(new PaymentApplication(1000m, 200m, 0m, true), over);
        Assert.Equal(new PaymentApplication(0m, 50m, 0m, false), after);
        Assert.Equal([LedgerKind.Issued, LedgerKind.PaymentApplied, LedgerKind.ExcessToCredit, LedgerKind.ExcessToCredit],
            invoice.Ledger.Select(e => e.Kind));
    }

    [Fact]
    public void Unpaid_past_the_due_date_reads_as_overdue_and_paid_never_does()
    {
        var invoice = Issued(total: 1000m);

        Assert.Equal(InvoiceStatus.Issued, invoice.StatusOn(invoice.DueOn));
        Assert.Equal(InvoiceStatus.Overdue, invoice.StatusOn(invoice.DueOn.AddDays(1)));
        invoice.Apply(1000m, "BYN", "bank", "bank", Now);
        Assert.Equal(InvoiceStatus.Paid, invoice.StatusOn(invoice.DueOn.AddDays(30)));
    }

    [Fact]
    public void A_payment_in_another_currency_or_to_a_cancelled_invoice_is_not_taken()
    {
        var invoice = Issued();

        Assert.Contains("RUB", invoice.WhyCannotTake("RUB"));
        Assert.Throws<InvalidOperationException>(() => invoice.Apply(10m, "RUB", "bank", "bank", Now));
        invoice.Cancel("Wrong client", InvoiceNumber.Format("КН-{0}-{1:D4}", 2026, 1), "accountant", Now);
        Assert.Contains("cancelled", invoice.WhyCannotTake("BYN"));
    }

    [Fact]
    public void Only_an_invoice_no_money_has_reached_can_be_cancelled_and_it_keeps_its_number_and_ledger()
    {
        var unpaid = Issued(sequence: 1);
        var paid = Issued(sequence: 2);
        paid.Apply(1m, "BYN", "bank", "bank", Now);

        unpaid.Cancel("Wrong period", InvoiceNumber.Format("КН-{0}-{1:D4}", 2026, 1), "accountant", Now);

        Assert.Equal((InvoiceStatus.Cancelled, "КН-2026-0001", "СЧ-2026-0001"), (unpaid.Status, unpaid.CreditNoteNumber, unpaid.Number));
        Assert.Equal(2, unpaid.Ledger.Count);
        Assert.Contains("refund", paid.WhyNotCancellable());
        Assert.Contains("already", unpaid.WhyNotCancellable());
    }

    [Theory]
    [InlineData("0", "more than 0")]
    [InlineData("-5", "more than 0")]
    [InlineData("10.001", "two decimals")]
    [InlineData("1000000000000.01", "At most")]
    public void An_amount_that_is_not_money_says_why(string amount, string why) =>
        Assert.Contains(why, Money.WhyNotAnAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Any_sequence_of_payments_keeps_the_balance_and_the_money_in_step()
    {
        var random = new Random(20261201);
        for (var run = 0; run < 200; run++)
        {
            var invoice = Issued(total: random.Next(1, 100_000) / 100m + 100m);
            var (received, applied, credit) = (0m, 0m, 0m);
            var status = invoice.Status;
            for (var step = 0; step < 12; step++)
            {
                var amount = random.Next(4) switch
                {
                    0 => invoice.Balance,
                    1 => Math.Max(0.01m, Math.Round(invoice.Balance / 3, 2)),
                    2 => invoice.Balance + random.Next(1, 10_000) / 100m,
                    _ => random.Next(1, 50_000) / 100m,
                };
                if (amount <= 0)
                {
                    amount = 0.01m;
                }

                var result = invoice.Apply(amount, "BYN", $"payment {step}", "bank", Now);
                (received, applied, credit) = (received + amount, applied + result.Applied, credit + result.Excess);

                Assert.True(invoice.Balance >= 0);
                Assert.Equal(invoice.Total - applied, invoice.Balance);
                Assert.Equal(received, applied + credit);
                Assert.True(invoice.Status >= status, $"{status} → {invoice.Status}");
                status = invoice.Status;
            }

            Assert.Equal(invoice.Ledger.Where(e => e.Kind == LedgerKind.PaymentApplied).Sum(e => e.Amount), invoice.PaidAmount);
        }
    }
}
