namespace Clearhours.Contracts.Billing;

/// <summary>The invoice of a report is paid in full.</summary>
public sealed record InvoicePaid(Guid InvoiceId, string InvoiceNumber, Guid ReportId, DateTimeOffset PaidAt);
