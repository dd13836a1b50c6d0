using System.Globalization;

namespace Clearhours.Reporting.Model;

/// <summary>A payment Billing applied to the report's invoice (source "credit" for the client's credit), and the balance it left.</summary>
public sealed record ReportPayment(Guid PaymentId, string InvoiceNumber, string Source, decimal Amount, DateTimeOffset PaidAt, decimal BalanceAfter);

// The money side of the card: what Billing applied to the report's invoice and what is left to pay.
public sealed partial class Report
{
    public List<ReportPayment> Payments { get; private set; } = [];

    /// <summary>
    /// What is left to pay on the report's invoice; null before it has one. Balances only fall, so the lowest one
    /// recorded is the latest, whatever order the payments arrived in.
    /// </summary>
    public decimal? Balance => Status switch
    {
        ReportStatus.Paid => 0m,
        ReportStatus.Invoiced => Payments.Where(p => p.InvoiceNumber == InvoiceNumber).Select(p => (decimal?)p.BalanceAfter).Min() ?? Amount,
        _ => null,
    };

    /// <summary>Records a payment once: the same payment again (by its id) changes nothing and returns null.</summary>
    /// <returns>What the manager is told of it.</returns>
    public string? RecordPayment(ReportPayment payment, DateTimeOffset now)
    {
        if (Payments.Any(p => p.PaymentId == payment.PaymentId))
        {
            return null;
        }

        Payments.Add(payment);
        UpdatedAt = now;
        Version++;
        return payment.Source == "credit"
            ? string.Create(CultureInfo.InvariantCulture,
                $"Credit {payment.Amount:0.00} {Currency} applied to {Number} (invoice {payment.InvoiceNumber}), balance {payment.BalanceAfter:0.00} {Currency}.")
            : string.Create(CultureInfo.InvariantCulture,
                $"Payment {payment.Amount:0.00} {Currency} received for {Number} (invoice {payment.InvoiceNumber}), balance {payment.BalanceAfter:0.00} {Currency}.");
    }
}
