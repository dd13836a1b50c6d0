using System.Diagnostics;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// The flow a fault strikes in the middle of: invoices issued, more reports sent for the client to approve, and a
/// burst of payments for the invoices under way.
/// </summary>
public sealed class FaultFlow
{
    private readonly FaultSystemFixture _system;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly int _reportsPerCompany;

    private FaultFlow(FaultSystemFixture system, FaultWork work, int reportsPerCompany, int parts, double perSecond)
    {
        _system = system;
        _reportsPerCompany = reportsPerCompany;
        Work = work;
        Plan = PaymentBurst.Plan(work.Invoices, parts, everyNthTwice: 7, _run);
        Burst = new PaymentBurst(system, PaymentBurst.Sequence(Plan), perSecond);
        // Patient: a publish the broker cannot take during the fault is sent again until it can.
        Publishing = Burst.RunAsync(patience: TimeSpan.FromMinutes(2));
    }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public FaultWork Work { get; }

    public IReadOnlyList<PlannedPayment> Plan { get; }

    public PaymentBurst Burst { get; }

    /// <summary>The burst: done when every payment is confirmed by the broker or given up.</summary>
    public Task<TimeSpan> Publishing { get; }

    public static async Task<FaultFlow> StartAsync(
        FaultSystemFixture system, ITestOutputHelper output, int companies, int months, int sentMonths, int parts, double perSecond)
    {
        var clock = Stopwatch.StartNew();
        var work = await IssuedInvoices.CreateAsync(system, companies, months, sentMonths);
        output.WriteLine($"Setup: {work.Invoices.Count} invoices issued, {work.Sent.Count} reports sent, in {clock.Elapsed.TotalSeconds:F0} s.");
        return new FaultFlow(system, work, months + sentMonths, parts, perSecond);
    }

    public Task<long> AppliedAsync() => _system.AppliedPaymentsAsync(_run);

    /// <summary>Waits until Billing has applied <paramref name="share"/> of the payments: the rest is still on its way.</summary>
    public Task UntilAppliedAsync(double share) =>
        FaultSystemFixture.UntilAsync(async () => await AppliedAsync() >= (long)(Plan.Count * share), TimeSpan.FromMinutes(2),
            $"{share:P0} of the payments applied");

    /// <summary>
    /// The reports of the sent ones that Billing invoiced, once every company has exactly one invoice per report (so a
    /// report invoiced twice never gets here: the wait times out).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> InvoicedSentReportsAsync()
    {
        var accountant = await _system.StaffClientAsync("accountant");
        var all = await IssuedInvoices.InvoicesAsync(accountant, Work.Invoices.Select(i => i.CompanyId).Distinct(), _reportsPerCompany);
        return [.. all.Select(i => i.ReportId).Where(report => Work.Sent.Any(s => s.ReportId == report)).Order()];
    }
}
