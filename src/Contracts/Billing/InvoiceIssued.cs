namespace Clearhours.Contracts.Billing;

/// <summary>An invoice (deal) was issued for an approved report.</summary>
public sealed record InvoiceIssued(Guid InvoiceId, string InvoiceNumber, Guid ReportId, decimal Amount, string Currency, DateOnly DueOn, DateTimeOffset IssuedAt);
