using Clearhours.Contracts.Billing;

namespace Clearhours.Billing.Model;

public enum InvoiceStatus
{
    Issued,
    PartiallyPaid,
    Paid,

    /// <summary>Never stored: an Issued or PartiallyPaid invoice past its due date reads as Overdue.</summary>
    Overdue,
    Cancelled,
}

/// <summary>The client as invoiced: its requisites at the moment of issue, kept with the invoice for good.</summary>
public sealed record InvoiceClient(
    string Name, string? LegalName, string? TaxId, string? Address, string? BankName, string? BankAccount, string? BankBic);

/// <summary>A line of the approved snapshot, as the client approved it.</summary>
public sealed record InvoiceLine(int No, string Description, int BilledMinutes, decimal Rate, decimal Amount, bool Billable);

/// <summary>What an invoice did with a payment: the part that paid it, and the excess left as the client's credit.</summary>
public sealed record PaymentApplication(decimal Applied, decimal Excess, decimal Balance, bool PaidInFull);

/// <summary>The invoice (the deal) of one approved report. Money only ever comes in through <see cref="Apply"/>.</summary>
public sealed class Invoice
{
    private readonly List<InvoiceLedgerEntry> _ledger = [];

    private Invoice()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public int Year { get; private set; }

    public int Sequence { get; private set; }

    public string PaymentReference { get; private set; } = "";

    public Guid ReportId { get; private set; }

    public string ReportNumber { get; private set; } = "";

    public Guid CompanyId { get; private set; }

    public InvoiceClient Client { get; private set; } = null!;

    public DateOnly PeriodFrom { get; private set; }

    public DateOnly PeriodTo { get; private set; }

    public List<InvoiceLine> Lines { get; private set; } = [];

    public string SnapshotHash { get; private set; } = "";

    public string Currency { get; private set; } = "";

    public decimal Total { get; private set; }

    public decimal PaidAmount { get; private set; }

    public decimal Balance => Total - PaidAmount;

    public DateOnly IssuedOn { get; private set; }

    public DateOnly DueOn { get; private set; }

    public InvoiceStatus Status { get; private set; }

    public string? CancelReason { get; private set; }

    public string? CreditNoteNumber { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<InvoiceLedgerEntry> Ledger => _ledger;

    /// <summary>
    /// Issues the invoice of an approved report. Its total is the sum of the snapshot's lines and must be the total
    /// the client approved: a difference is refused, never invoiced.
    /// </summary>
    public static Invoice Issue(
        Guid reportId, string reportNumber, Guid companyId, InvoiceClient client, DateOnly periodFrom, DateOnly periodTo,
        IReadOnlyList<InvoiceLine> lines, decimal approvedTotal, string snapshotHash, string currency,
        InvoiceNumber number, DateOnly issuedOn, int paymentTermsDays, string by, DateTimeOffset at)
    {
        var total = lines.Where(l => l.Billable).Sum(l => l.Amount);
        if (total != approvedTotal)
        {
            throw new InvoiceRefusedException(
                $"Report {reportNumber}: its lines add up to {total} {currency}, but the client approved {approvedTotal} {currency}.");
        }

        var invoice = new Invoice
        {
            Id = Guid.CreateVersion7(at),
            Number = number.Text,
            Year = number.Year,
            Sequence = number.Sequence,
            PaymentReference = Model.PaymentReference.For(number.Year, number.Sequence),
            ReportId = reportId,
            ReportNumber = reportNumber,
            CompanyId = companyId,
            Client = client,
            PeriodFrom = periodFrom,
            PeriodTo = periodTo,
            Lines = [.. lines],
            SnapshotHash = snapshotHash,
            Currency = currency,
            Total = total,
            IssuedOn = issuedOn,
            DueOn = issuedOn.AddDays(paymentTermsDays),
            Status = InvoiceStatus.Issued,
        };
        invoice.Record(LedgerKind.Issued, total, $"Issued for report {reportNumber}, due {invoice.DueOn:yyyy-MM-dd}.", by, at);
        return invoice;
    }

    /// <summary>
    /// The event of this invoice's issue, with what its documents print: the client's requisites as the invoice holds
    /// them, the period, the payment reference and every line.
    /// </summary>
    public InvoiceIssued Issued(DateTimeOffset at) => new(Id, Number, ReportId, Total, Currency, DueOn, at,
        new IssuedInvoice(ReportNumber, IssuedOn, PeriodFrom, PeriodTo, PaymentReference,
            new InvoiceParty(Client.Name, Client.LegalName, Client.TaxId, Client.Address, Client.BankName, Client.BankAccount, Client.BankBic),
            [.. Lines.Select(l => new IssuedLine(l.No, l.Description, l.BilledMinutes, l.Rate, l.Amount, l.Billable))]));

    /// <summary>The status as a reader sees it on <paramref name="today"/>: unpaid past the due date is Overdue.</summary>
    public InvoiceStatus StatusOn(DateOnly today) =>
        Status is InvoiceStatus.Issued or InvoiceStatus.PartiallyPaid && today > DueOn ? InvoiceStatus.Overdue : Status;

    /// <summary>Why this invoice cannot take a payment of <paramref name="currency"/>, or null when it can.</summary>
    public string? WhyCannotTake(string currency) => this switch
    {
        { Status: InvoiceStatus.Cancelled } => $"Invoice {Number} is cancelled.",
        _ when !string.Equals(currency, Currency, StringComparison.Ordinal) =>
            $"The payment is in {currency}, invoice {Number} in {Currency}.",
        _ => null,
    };

    /// <summary>
    /// Takes money towards the balance: what pays it is applied, the rest is excess for the client's credit.
    /// <paramref name="source"/> says what the money is (a payment, the client's credit) for the ledger.
    /// </summary>
    public PaymentApplication Apply(decimal amount, string currency, string source, string by, DateTimeOffset at)
    {
        if (WhyCannotTake(currency) is { } why)
        {
            throw new InvalidOperationException(why);
        }

        var applied = Math.Min(amount, Balance);
        var wasPaid = Status == InvoiceStatus.Paid;
        if (applied > 0)
        {
            PaidAmount += applied;
            Status = Balance == 0 ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid;
            Record(LedgerKind.PaymentApplied, applied, $"{source}: {applied} {Currency} applied, balance {Balance}.", by, at);
        }

        var excess = amount - applied;
        if (excess > 0)
        {
            Record(LedgerKind.ExcessToCredit, excess, $"{source}: {excess} {Currency} beyond the balance kept as the client's credit.", by, at);
        }

        return new PaymentApplication(applied, excess, Balance, !wasPaid && Status == InvoiceStatus.Paid);
    }

    /// <summary>
    /// Pays the balance from the client's credit, as far as <paramref name="available"/> goes, and returns what it used;
    /// unlike a payment, credit never leaves an excess: what the balance does not need stays the client's.
    /// </summary>
    public PaymentApplication ApplyCredit(decimal available, string from, string by, DateTimeOffset at)
    {
        if (Status is InvoiceStatus.Cancelled or InvoiceStatus.Paid)
        {
            throw new InvalidOperationException($"Invoice {Number} is {Status} and takes no credit.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(available);
        var used = Math.Min(available, Balance);
        PaidAmount += used;
        Status = Balance == 0 ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid;
        Record(LedgerKind.CreditApplied, used, $"{used} {Currency} of the client's credit applied, balance {Balance}. The credit: {from}", by, at);
        return new PaymentApplication(used, 0, Balance, Status == InvoiceStatus.Paid);
    }

    /// <summary>Why the invoice cannot be cancelled, or null when it can: only an invoice no money has reached.</summary>
    public string? WhyNotCancellable() => this switch
    {
        { Status: InvoiceStatus.Cancelled } => $"Invoice {Number} is already cancelled.",
        { PaidAmount: > 0 } => $"Invoice {Number} has {PaidAmount} {Currency} paid on it: refund the payments first.",
        _ => null,
    };

    /// <summary>Why this invoice cannot be issued anew (a new number, the same lines, the client's current requisites).</summary>
    public string? WhyNotReissuable(bool reportCancelled) => this switch
    {
        { Status: not InvoiceStatus.Cancelled } => $"Invoice {Number} is {Status}: only a cancelled invoice is issued anew.",
        _ when reportCancelled => $"Report {ReportNumber} was cancelled: it is not billed again.",
        _ => null,
    };

    /// <summary>Cancels an unpaid invoice with a credit note; nothing is deleted, the invoice stays in its series.</summary>
    public void Cancel(string reason, InvoiceNumber creditNote, string by, DateTimeOffset at)
    {
        if (WhyNotCancellable() is { } why)
        {
            throw new InvalidOperationException(why);
        }

        Status = InvoiceStatus.Cancelled;
        CancelReason = reason;
        CreditNoteNumber = creditNote.Text;
        Record(LedgerKind.Cancelled, Total, $"Cancelled with credit note {creditNote.Text}: {reason}", by, at);
    }

    /// <summary>Every change is a ledger line and a new version, so two writers of one invoice never both win.</summary>
    private void Record(LedgerKind kind, decimal amount, string note, string by, DateTimeOffset at)
    {
        Version++;
        _ledger.Add(new InvoiceLedgerEntry(Id, _ledger.Count + 1, kind, amount, Balance, Status, note, by, at));
    }
}

/// <summary>An approved report whose invoice cannot be issued as it stands; it is refused loudly, never invoiced.</summary>
public sealed class InvoiceRefusedException(string message) : Exception(message);
