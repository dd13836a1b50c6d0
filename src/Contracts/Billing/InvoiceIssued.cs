namespace Clearhours.Contracts.Billing;

/// <summary>
/// An invoice (deal) was issued for an approved report. Details carry what the invoice and the act of completed works
/// print, so Documents draws them without asking Billing; it is null only in messages published before it was added.
/// </summary>
public sealed record InvoiceIssued(
    Guid InvoiceId,
    string InvoiceNumber,
    Guid ReportId,
    decimal Amount,
    string Currency,
    DateOnly DueOn,
    DateTimeOffset IssuedAt,
    IssuedInvoice? Details = null);

/// <summary>The invoice as issued: the report it bills, the period, the payment reference, the client and the lines.</summary>
public sealed record IssuedInvoice(
    string ReportNumber,
    DateOnly IssuedOn,
    DateOnly From,
    DateOnly To,
    string PaymentReference,
    InvoiceParty Client,
    IReadOnlyList<IssuedLine> Lines);

/// <summary>The client's requisites at the moment of issue.</summary>
public sealed record InvoiceParty(
    string Name, string? LegalName, string? TaxId, string? Address, string? BankName, string? BankAccount, string? BankBic);

/// <summary>A line of the invoice; non-billable lines are listed at zero so the act shows all the work.</summary>
public sealed record IssuedLine(int No, string Description, int BilledMinutes, decimal Rate, decimal Amount, bool Billable);
