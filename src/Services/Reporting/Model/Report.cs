using Clearhours.Contracts.Reporting;

namespace Clearhours.Reporting.Model;

public enum ReportStatus
{
    Draft,
    Sent,
    ChangesRequested,
    Approved,
    Invoiced,
    Paid,
    Cancelled,
}

public sealed record CardLine(int No, ReportLine Line, bool Excluded);

public sealed record Adjustment(int No, string Description, decimal Amount, string Reason);

public sealed record StatusChange(ReportStatus? From, ReportStatus To, string By, DateTimeOffset At, string? Comment);

/// <summary>What the client sees and approves: frozen when the report is sent, identified by its SHA-256.</summary>
public sealed record ReportSnapshot(
    string Number, string Title, Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, string Currency,
    IReadOnlyList<ReportLine> Lines, IReadOnlyList<Adjustment> Adjustments, ReportTotals Totals, DateTimeOffset SentAt,
    IReadOnlyList<int> LineNumbers)
{
    /// <summary>The SHA-256 of the snapshot's canonical JSON (fixed property order, invariant numbers), in hex.</summary>
    public string Hash() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, System.Text.Json.JsonSerializerOptions.Web)));

    /// <summary>The number the documents give the snapshot's adjustment <paramref name="index"/>: after the last line's.</summary>
    /// <remarks>A method, not a property, so it is neither hashed nor stored.</remarks>
    public int AdjustmentNo(int index) => LineNumbers.DefaultIfEmpty(0).Max() + index + 1;
}

public sealed record Approval(string Name, string Email, DateTimeOffset At, string? Address, string Hash);

public sealed record ChangeRequest(string Comment, IReadOnlyList<int> Lines, string? Name, DateTimeOffset At, string? Address);

/// <summary>An approval of a snapshot that is no longer the one on the page.</summary>
public sealed class StaleSnapshotException() : InvalidOperationException("The report changed since it was opened: reload it and approve what it shows now.");

/// <summary>The filters a report was built from, kept with it.</summary>
public sealed record ReportFilters(
    IReadOnlyList<Guid>? ProjectIds, IReadOnlyList<string>? WorkTypes, IReadOnlyList<string>? Statuses,
    IReadOnlyList<string>? Persons, int? MinBillablePercent, int? MaxBillablePercent);

/// <summary>A refused move on the kanban: the caller gets a 409 naming both statuses.</summary>
public sealed class ReportTransitionException(ReportStatus from, ReportStatus to)
    : InvalidOperationException($"A report in status {from} cannot move to {to}.")
{
    public ReportStatus From { get; } = from;
    public ReportStatus To { get; } = to;
}

/// <summary>
/// A report card: the client, the period, the lines it bills, and where it stands. Its status moves only along
/// the kanban's arrows; every move is kept in its history.
/// </summary>
public sealed partial class Report
{
    private static readonly Dictionary<ReportStatus, ReportStatus[]> Arrows = new()
    {
        [ReportStatus.Draft] = [ReportStatus.Sent, ReportStatus.Cancelled],
        [ReportStatus.Sent] = [ReportStatus.ChangesRequested, ReportStatus.Approved, ReportStatus.Cancelled, ReportStatus.Draft],
        [ReportStatus.ChangesRequested] = [ReportStatus.Draft, ReportStatus.Cancelled],
        [ReportStatus.Approved] = [ReportStatus.Invoiced, ReportStatus.Cancelled],
        [ReportStatus.Invoiced] = [ReportStatus.Paid, ReportStatus.Approved],
        [ReportStatus.Paid] = [],
        [ReportStatus.Cancelled] = [],
    };

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Number { get; private set; } = "";
    public string Title { get; private set; } = "";
    public Guid CompanyId { get; private set; }
    public string CompanyName { get; private set; } = "";
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public ReportFilters Filters { get; private set; } = new(null, null, null, null, null, null);
    public string Currency { get; private set; } = "";
    public ReportStatus Status { get; private set; }
    public List<CardLine> Lines { get; private set; } = [];
    public List<Adjustment> Adjustments { get; private set; } = [];
    public List<StatusChange> History { get; private set; } = [];
    public decimal Amount { get; private set; }

    /// <summary>The billed hours of the lines the report holds: kept beside Amount, so the board reads neither from the lines.</summary>
    public decimal BilledHours { get; private set; }

    /// <summary>When the report entered its status: how long a card has been waiting.</summary>
    public DateTimeOffset StatusSince { get; private set; }
    public ReportSnapshot? Snapshot { get; private set; }
    public string? SnapshotHash { get; private set; }
    public Approval? Approval { get; private set; }
    public List<ChangeRequest> ChangeRequests { get; private set; } = [];
    public string? InvoiceNumber { get; private set; }

    /// <summary>The live invoice's id, whose invoice and act the client's page offers; null while there is none.</summary>
    public Guid? InvoiceId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public long Version { get; private set; }

    public static IReadOnlyCollection<ReportStatus> AllowedFrom(ReportStatus status) => Arrows[status];

    public static Report Create(
        string number, string title, Guid companyId, string companyName, DateOnly from, DateOnly to, ReportFilters filters,
        string currency, IReadOnlyList<ReportLine> lines, string by, DateTimeOffset now)
    {
        var report = new Report
        {
            Number = number,
            Title = title,
            CompanyId = companyId,
            CompanyName = companyName,
            From = from,
            To = to,
            Filters = filters,
            Currency = currency,
            Status = ReportStatus.Draft,
            Lines = [.. lines.Select((line, i) => new CardLine(i + 1, line, Excluded: false))],
            CreatedAt = now,
            StatusSince = now,
        };
        report.History.Add(new StatusChange(null, ReportStatus.Draft, by, now, null));
        report.Touch(now);
        return report;
    }

    /// <summary>The time entries this report bills: those of its included lines.</summary>
    public IEnumerable<Guid> BilledTimeEntryIds => Lines.Where(l => !l.Excluded).SelectMany(l => l.Line.TimeEntryIds);

    public bool IsEditable => Status is ReportStatus.Draft or ReportStatus.ChangesRequested;

    public void MoveTo(ReportStatus to, string by, DateTimeOffset now, string? comment = null)
    {
        if (!Arrows[Status].Contains(to))
        {
            throw new ReportTransitionException(Status, to);
        }

        History.Add(new StatusChange(Status, to, by, now, comment));
        Status = to;
        StatusSince = now;
        Touch(now);
    }

    /// <summary>Something happened to the report that leaves its status as it is: the history keeps it.</summary>
    private void Note(string by, DateTimeOffset now, string comment)
    {
        History.Add(new StatusChange(Status, Status, by, now, comment));
        Touch(now);
    }

    /// <returns>The line's time entries, whose claims the caller frees or takes.</returns>
    public IReadOnlyList<Guid> SetExcluded(int lineNo, bool excluded, DateTimeOffset now)
    {
        EnsureEditable();
        var index = Lines.FindIndex(l => l.No == lineNo);
        if (index < 0)
        {
            throw new KeyNotFoundException($"Report {Number} has no line {lineNo}.");
        }

        Lines[index] = Lines[index] with { Excluded = excluded };
        Touch(now);
        return Lines[index].Line.TimeEntryIds;
    }

    public Adjustment AddAdjustment(string description, decimal amount, string reason, DateTimeOffset now)
    {
        EnsureEditable();
        var adjustment = new Adjustment(Adjustments.Count == 0 ? 1 : Adjustments.Max(a => a.No) + 1, description,
            Math.Round(amount, 2, MidpointRounding.AwayFromZero), reason);
        Adjustments.Add(adjustment);
        Touch(now);
        return adjustment;
    }

    public ReportCancelled Cancelled(DateTimeOffset now) => new(Id, Number, [.. BilledTimeEntryIds], now);

    /// <summary>Freezes what the client will see (a new snapshot and hash at every sending) and moves to Sent.</summary>
    public ReportSent Send(string by, DateTimeOffset now)
    {
        if (UnpricedLines() is { Count: > 0 } unpriced)
        {
            throw new UnpricedLinesException(Number, unpriced);
        }

        MoveTo(ReportStatus.Sent, by, now);
        var included = Lines.Where(l => !l.Excluded).ToList();
        var lines = included.Select(l => l.Line).ToList();
        var totals = ReportCalculator.Totals(lines, Currency) with { Amount = Amount };
        // The card's own line numbers go with the lines, so "line 3" means the same to the client and the manager.
        Snapshot = new ReportSnapshot(Number, Title, CompanyId, CompanyName, From, To, Currency, lines, [.. Adjustments], totals, now,
            [.. included.Select(l => l.No)]);
        SnapshotHash = Snapshot.Hash();
        return new ReportSent(Id, Number, CompanyId, SnapshotHash, Amount, Currency, now);
    }

    /// <summary>The client approves the snapshot they saw, named by its hash; any other hash is refused.</summary>
    public ReportApproved Approve(string name, string email, string? address, string hash, DateTimeOffset now)
    {
        if (Status == ReportStatus.Sent && !string.Equals(hash, SnapshotHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new StaleSnapshotException();
        }

        MoveTo(ReportStatus.Approved, $"{name} <{email}>", now);
        Approval = new Approval(name, email, now, address, SnapshotHash!);
        return new ReportApproved(Id, Number, CompanyId, SnapshotHash!, [.. BilledTimeEntryIds], now, ApprovedInvoice(Snapshot!),
            ApprovedReport(Snapshot!, name));
    }

    /// <summary>What the approved snapshot bills, as Billing invoices it: adjustments numbered after the last line.</summary>
    private static ApprovedInvoice ApprovedInvoice(ReportSnapshot snapshot)
    {
        var lines = snapshot.Lines.Select((line, i) => new ApprovedLine(snapshot.LineNumbers[i],
            line.TaskKey is null ? line.Title : $"{line.TaskKey} {line.Title}",
            line.BilledMinutes, line.Rate ?? 0m, line.Amount, line.NonBillableReason is null));
        var adjustments = snapshot.Adjustments.Select((a, i) => new ApprovedLine(snapshot.AdjustmentNo(i), a.Description, 0, 0m, a.Amount, true));
        return new ApprovedInvoice(snapshot.From, snapshot.To, snapshot.Currency, snapshot.Totals.Amount, [.. lines, .. adjustments]);
    }

    /// <summary>The approved snapshot as the client read it, numbered as the invoice numbers it, and who approved it.</summary>
    private static ApprovedReport ApprovedReport(ReportSnapshot snapshot, string approvedBy)
    {
        var lines = snapshot.Lines.Select((line, i) => new ApprovedTaskLine(snapshot.LineNumbers[i], line.TaskKey, line.Title, line.TaskUrl,
            line.WorkType, line.ActualMinutes, line.BilledMinutes, line.BilledHours, line.Rate, line.Amount, line.NonBillableReason));
        var adjustments = snapshot.Adjustments.Select((a, i) => new ApprovedAdjustment(snapshot.AdjustmentNo(i), a.Description, a.Amount, a.Reason));
        return new ApprovedReport(snapshot.Title, snapshot.CompanyName, approvedBy, [.. lines], [.. adjustments],
            snapshot.Totals.ActualHours, snapshot.Totals.BilledHours, snapshot.Totals.NonBillableHours);
    }

    public void Invoiced(Guid invoiceId, string invoiceNumber, DateTimeOffset now)
    {
        if (Status == ReportStatus.Cancelled)
        {
            // Billing issued the invoice before it heard of the cancellation, and cancels the invoice in turn.
            Note("billing", now, $"Invoice {invoiceNumber} was issued after the report was cancelled; Billing cancels it.");
            return;
        }

        MoveTo(ReportStatus.Invoiced, "billing", now, invoiceNumber);
        InvoiceNumber = invoiceNumber;
        InvoiceId = invoiceId;
    }

    public ReportPaid Paid(DateTimeOffset paidAt, DateTimeOffset now)
    {
        MoveTo(ReportStatus.Paid, "billing", now, InvoiceNumber);
        // 0 % lines went out as information: their time is settled as not billable, not paid.
        var included = Lines.Where(l => !l.Excluded).ToList();
        return new ReportPaid(Id, Number, [.. included.Where(l => !l.Line.IsNotBillable()).SelectMany(l => l.Line.TimeEntryIds)], paidAt,
            [.. included.Where(l => l.Line.IsNotBillable()).SelectMany(l => l.Line.TimeEntryIds)]);
    }

    public void RequestChanges(string comment, IReadOnlyList<int> lines, string? name, string? address, DateTimeOffset now)
    {
        MoveTo(ReportStatus.ChangesRequested, name ?? "client", now, comment);
        ChangeRequests.Add(new ChangeRequest(comment, lines, name, now, address));
    }

    private void EnsureEditable()
    {
        if (!IsEditable)
        {
            throw new ReportTransitionException(Status, ReportStatus.Draft);
        }
    }

    private void Touch(DateTimeOffset now)
    {
        Amount = Lines.Where(l => !l.Excluded).Sum(l => l.Line.Amount) + Adjustments.Sum(a => a.Amount);
        BilledHours = Lines.Where(l => !l.Excluded).Sum(l => l.Line.BilledHours);
        UpdatedAt = now;
        Version++;
    }
}
