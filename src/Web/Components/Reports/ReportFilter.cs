namespace Clearhours.Web.Components.Reports;

/// <summary>The board's filter: one client, and a period the reports overlap.</summary>
public sealed record ReportFilter(Guid? Client, DateOnly? From, DateOnly? To);
