namespace Clearhours.Billing.Model;

/// <summary>
/// One movement of a client's credit in one currency: money paid beyond an invoice's balance (+), or credit used
/// on a later invoice (−), which names the credit it was drawn from. The client's credit is their sum; rows are only
/// ever added, so what was used where stays readable for good.
/// </summary>
public sealed record ClientCredit(
    Guid Id, Guid CompanyId, string Currency, decimal Amount, Guid? PaymentId, Guid? InvoiceId, string Note, DateTimeOffset At,
    Guid? FromCreditId = null)
{
    public static ClientCredit FromExcess(Payment payment, Invoice invoice, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), invoice.CompanyId, invoice.Currency, payment.CreditAmount, payment.Id, invoice.Id,
            $"Paid beyond invoice {invoice.Number} by payment {payment.Source}/{payment.ExternalId}.", at);

    /// <summary>The credits of <paramref name="rows"/> (one client, one currency) with something left, oldest first.</summary>
    public static List<OpenCredit> Open(IEnumerable<ClientCredit> rows)
    {
        var all = rows.ToList();
        var used = all.Where(c => c.FromCreditId is not null).GroupBy(c => c.FromCreditId!.Value).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        return
        [
            .. all.Where(c => c.Amount > 0)
                .Select(c => new OpenCredit(c, c.Amount + used.GetValueOrDefault(c.Id)))
                .Where(o => o.Remaining > 0)
                .OrderBy(o => o.Credit.At).ThenBy(o => o.Credit.Id),
        ];
    }

    /// <summary>
    /// Pays <paramref name="invoice"/> from the client's open credits, oldest first, until its balance is zero: each
    /// credit drawn on gets a (−) row naming it and the invoice, and the invoice a ledger line naming the credit.
    /// </summary>
    public static List<CreditUse> Spend(IEnumerable<OpenCredit> open, Invoice invoice, string by, DateTimeOffset at)
    {
        var uses = new List<CreditUse>();
        foreach (var (credit, remaining) in open)
        {
            if (invoice.Balance == 0)
            {
                break;
            }

            if (credit.CompanyId != invoice.CompanyId || credit.Currency != invoice.Currency)
            {
                throw new InvalidOperationException($"Credit {credit.Id} is not the {invoice.Currency} credit of invoice {invoice.Number}'s client.");
            }

            var application = invoice.ApplyCredit(remaining, credit.Note, by, at);
            var row = new ClientCredit(Guid.CreateVersion7(at), credit.CompanyId, credit.Currency, -application.Applied, credit.PaymentId,
                invoice.Id, $"Used on invoice {invoice.Number}.", at, credit.Id);
            uses.Add(new CreditUse(row, application));
        }

        return uses;
    }
}

/// <summary>A credit and what is left of it.</summary>
public sealed record OpenCredit(ClientCredit Credit, decimal Remaining);

/// <summary>Credit used on an invoice: the (−) row that records it, and what it did to the invoice.</summary>
public sealed record CreditUse(ClientCredit Row, PaymentApplication Application);
