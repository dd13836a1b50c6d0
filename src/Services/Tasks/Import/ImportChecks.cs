using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

/// <summary>The reasons a row is rejected, each prefixed with the field as the file names it.</summary>
public sealed class Reasons
{
    private readonly string _kind;
    private readonly Func<string, string, string> _fieldName;
    private readonly List<string> _list;

    public Reasons(string kind, Func<string, string, string> fieldName)
        : this(kind, fieldName, [])
    {
    }

    private Reasons(string kind, Func<string, string, string> fieldName, List<string> list) =>
        (_kind, _fieldName, _list) = (kind, fieldName, list);

    public bool Any => _list.Count > 0;

    public IReadOnlyList<string> List => _list;

    public void Add(string field, string message) => _list.Add($"{_fieldName(_kind, field)}: {message}");

    public void Add(string reason) => _list.Add(reason);

    public void AddRange(IEnumerable<string> reasons) => _list.AddRange(reasons);

    /// <summary>The same reasons, collecting those of another kind's fields (a CSV line names four records).</summary>
    public Reasons As(string kind) => new(kind, _fieldName, _list);
}

/// <summary>The work types and statuses rows may name; a name matches exactly, else ignoring case when that is unambiguous.</summary>
public sealed class Catalog
{
    private readonly Dictionary<string, WorkType> _workTypes;
    private readonly Dictionary<string, WorkType?> _workTypesIgnoringCase;
    private readonly HashSet<string> _statuses;
    private readonly Dictionary<string, string?> _statusesIgnoringCase;

    public Catalog(IEnumerable<WorkType> workTypes, IEnumerable<string> statuses)
    {
        _workTypes = workTypes.ToDictionary(w => w.Name, StringComparer.Ordinal);
        _workTypesIgnoringCase = _workTypes.Values.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.Single() : null, StringComparer.OrdinalIgnoreCase);
        _statuses = statuses.ToHashSet(StringComparer.Ordinal);
        _statusesIgnoringCase = _statuses.GroupBy(s => s, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.Single() : null, StringComparer.OrdinalIgnoreCase);
    }

    public static async Task<Catalog> LoadAsync(TasksDbContext db, CancellationToken cancellationToken) => new(
        await db.WorkTypes.AsNoTracking().ToListAsync(cancellationToken),
        await db.Statuses.AsNoTracking().Select(s => s.Name).ToListAsync(cancellationToken));

    public WorkType? WorkType(string? name) =>
        name is null ? null : _workTypes.GetValueOrDefault(name) ?? _workTypesIgnoringCase.GetValueOrDefault(name);

    public string? Status(string? name) =>
        name is null ? null : _statuses.Contains(name) ? name : _statusesIgnoringCase.GetValueOrDefault(name);
}

/// <summary>
/// The checks of one row's own fields, which need neither the database nor the other rows. Whether a field is
/// required is decided when the row meets its current record (a CSV row may leave fields to keep).
/// </summary>
public static class ImportChecks
{
    public const int ExternalIdLength = 200;
    private static readonly EmailAddressAttribute Email = new();
    private static readonly UrlAttribute Url = new();

    public static void Company(CompanyImport c, Reasons reasons)
    {
        Length(reasons, "name", c.Name, 300);
        Length(reasons, "legalName", c.LegalName, 500);
        Length(reasons, "taxId", c.TaxId, 50);
        Length(reasons, "address", c.Address, 1000);
        Length(reasons, "bankName", c.BankName, 300);
        Length(reasons, "bankAccount", c.BankAccount, 64);
        Length(reasons, "bankBic", c.BankBic, 20);
        if (Length(reasons, "contactEmail", c.ContactEmail, 320) is { } email && !Email.IsValid(email))
        {
            reasons.Add("contactEmail", "not an email address.");
        }

        Currency(reasons, "currency", c.Currency);
        if (c.PaymentTermsDays is < 0 or > 365)
        {
            reasons.Add("paymentTermsDays", "must be between 0 and 365.");
        }
    }

    public static void Project(ProjectImport p, Catalog catalog, Reasons reasons)
    {
        Reference(reasons, "companyExternalId", p.CompanyExternalId);
        Length(reasons, "name", p.Name, 300);
        Currency(reasons, "currency", p.Currency);
        if (Text.Clean(p.RoundingMode) is { } mode && ParseRoundingMode(mode) is null)
        {
            reasons.Add("roundingMode", $"{Quote(mode)} is not None, Up or Nearest.");
        }

        if (p.RoundingIncrementMinutes is < 0 or > 30)
        {
            reasons.Add("roundingIncrementMinutes", "must be between 0 and 30.");
        }

        var percents = p.BillablePercents ?? [];
        if (percents.Count > 50)
        {
            reasons.Add("billablePercents", "at most 50 work types.");
        }

        foreach (var percent in percents)
        {
            if (Text.Clean(percent?.WorkType) is not { } name)
            {
                reasons.Add("billablePercents", "a work type is missing.");
            }
            else if (catalog.WorkType(name) is null)
            {
                reasons.Add("billablePercents", $"unknown work type {Quote(name)}.");
            }

            if (percent?.Percent is not (>= 0 and <= 100))
            {
                reasons.Add("billablePercents", "each percent is required and between 0 and 100.");
            }
        }

        var named = percents.Select(x => catalog.WorkType(Text.Clean(x?.WorkType))?.Name).OfType<string>().ToList();
        if (named.Distinct(StringComparer.Ordinal).Count() != named.Count)
        {
            reasons.Add("billablePercents", "a work type is listed twice.");
        }
    }

    public static void Task(TaskImport t, Catalog catalog, Reasons reasons)
    {
        Reference(reasons, "projectExternalId", t.ProjectExternalId);
        Length(reasons, "title", t.Title, 1000);
        if (Text.Clean(t.WorkType) is { } workType && catalog.WorkType(workType) is null)
        {
            reasons.Add("workType", $"unknown work type {Quote(workType)}.");
        }

        if (Text.Clean(t.Status) is { } status && catalog.Status(status) is null)
        {
            reasons.Add("status", $"unknown status {Quote(status)}.");
        }

        if (t.BillablePercent is < 0 or > 100)
        {
            reasons.Add("billablePercent", "must be between 0 and 100.");
        }

        Length(reasons, "assignee", t.Assignee, 200);
        Date(reasons, "completedOn", t.CompletedOn);
        Length(reasons, "externalKey", t.ExternalKey, 100);
        if (Length(reasons, "externalUrl", t.ExternalUrl, 2000) is { } url && !Url.IsValid(url))
        {
            reasons.Add("externalUrl", "not an http(s) address.");
        }
    }

    /// <summary>A time entry row always carries all its fields but the comment.</summary>
    public static void TimeEntry(TimeEntryImport e, DateOnly today, Reasons reasons)
    {
        Reference(reasons, "taskExternalId", e.TaskExternalId);
        if (Length(reasons, "person", e.Person, 200) is null)
        {
            reasons.Add("person", "required.");
        }

        if (Text.Clean(e.WorkDate) is null)
        {
            reasons.Add("workDate", "required.");
        }

        Date(reasons, "workDate", e.WorkDate);
        if (ParseDate(e.WorkDate) is { } workDate && Model.TimeEntry.CheckWorkDate(workDate, today) is { } why)
        {
            reasons.Add("workDate", why);
        }

        switch (e.Minutes)
        {
            case null:
                reasons.Add("minutes", "required.");
                break;
            case < 1 or > Model.TimeEntry.MaxMinutes:
                reasons.Add("minutes", $"must be between 1 and {Model.TimeEntry.MaxMinutes}.");
                break;
        }

        Length(reasons, "comment", e.Comment, 4000);
    }

    /// <summary>A value of the file quoted in a reason: cut short, so that reasons never grow with the file's values.</summary>
    public static string Quote(string? value) =>
        value is null ? "''" : value.Length <= 60 ? $"'{value}'" : $"'{value[..60]}…' ({value.Length} characters)";

    /// <summary>The external id of a row: required, at most 200 characters.</summary>
    public static string? ExternalId(Reasons reasons, string? value) => Reference(reasons, "externalId", value);

    public static RoundingMode? ParseRoundingMode(string value) =>
        Enum.GetNames<RoundingMode>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<RoundingMode>(name)
            : null;

    /// <summary>
    /// The dashes are quoted: .NET checks each unquoted literal of a format for a "GMT" it could stand for, a culture
    /// comparison that took ~4 µs a date, ~0.4 s of CPU an import of 100 000 entries (dotnet-trace of bench/Import).
    /// </summary>
    public static DateOnly? ParseDate(string? value) =>
        Text.Clean(value) is { } text && DateOnly.TryParseExact(text, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static string? Reference(Reasons reasons, string field, string? value)
    {
        switch (Text.Clean(value))
        {
            case null:
                reasons.Add(field, "required.");
                return null;
            case { Length: > ExternalIdLength }:
                reasons.Add(field, $"at most {ExternalIdLength} characters.");
                return null;
            case var id when !Storable(id):
                reasons.Add(field, NotStorable);
                return null;
            case var id:
                return id;
        }
    }

    private static string? Length(Reasons reasons, string field, string? value, int max)
    {
        var clean = Text.Clean(value);
        if (clean?.Length > max)
        {
            reasons.Add(field, $"at most {max} characters.");
        }
        else if (clean is not null && !Storable(clean))
        {
            reasons.Add(field, NotStorable);
        }

        return clean;
    }

    private const string NotStorable = "contains a NUL character or a broken surrogate pair, which cannot be stored.";

    /// <summary>PostgreSQL text holds neither NUL nor unpaired UTF-16 surrogates; caught here, they would fail a whole chunk.</summary>
    private static bool Storable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (++i >= text.Length || !char.IsLowSurrogate(text[i]))))
            {
                return false;
            }
        }

        return true;
    }

    private static void Currency(Reasons reasons, string field, string? value)
    {
        if (Text.Clean(value) is { } code && !Currencies.IsKnown(code))
        {
            reasons.Add(field, $"{Quote(code)} is not {Currencies.Expected}.");
        }
    }

    private static void Date(Reasons reasons, string field, string? value)
    {
        if (Text.Clean(value) is { } text && ParseDate(text) is null)
        {
            reasons.Add(field, $"{Quote(text)} is not a date as yyyy-MM-dd.");
        }
    }
}
