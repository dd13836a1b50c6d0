using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// "Consumer slow": Documents held still (its processes stopped with SIGSTOP, its connections open) while reports are
/// approved and their invoices paid, then slowed to a twentieth of its speed (let run 100 ms in every 2 s) while it
/// works through its backlog. Billing and Reporting do not wait for it: every approval is invoiced, every invoice paid
/// and its report Paid while Documents has drawn none of their documents; slowed, it makes progress; once it runs
/// freely again it draws every document exactly once.
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class SlowConsumerTests(FaultSystemFixture system, ITestOutputHelper output)
{
    private const string Documents = "documents-api";
    private static readonly TimeSpan BillingSettlesWithin = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_slow_documents_service_does_not_hold_back_invoicing_and_payments_and_catches_up_without_duplicates()
    {
        var clock = Stopwatch.StartNew();
        var work = await IssuedInvoices.CreateAsync(system, companies: 2, months: 2, sentMonths: 1);
        var companies = work.Invoices.Select(i => i.CompanyId).Distinct().ToList();
        var reports = work.Invoices.Select(i => i.ReportId).Concat(work.Sent.Select(s => s.ReportId)).ToList();
        output.WriteLine($"Setup: {work.Invoices.Count} invoices issued, {work.Sent.Count} reports sent, in {clock.Elapsed.TotalSeconds:F0} s.");

        var processes = system.ProcessTree(Documents);
        var approved = work.Sent.Select(s => s.ReportId).ToList();
        using var slow = new CancellationTokenSource();
        var throttling = Task.CompletedTask;
        FaultSystemFixture.Signal("STOP", processes);
        try
        {
            // Approvals and payments while Documents stands still: Billing invoices and settles them on its own.
            var stoppedFrom = clock.Elapsed;
            using var reporting = system.App.CreateHttpClient("reporting-api", "http");
            foreach (var sent in work.Sent)
            {
                Assert.Equal(HttpStatusCode.OK, await IssuedInvoices.ApproveAsync(reporting, sent));
            }

            var accountant = await system.StaffClientAsync("accountant");
            var invoices = await IssuedInvoices.InvoicesAsync(accountant, companies, perCompany: 3);
            var issuedIn = clock.Elapsed - stoppedFrom;

            var run = Guid.NewGuid().ToString("N")[..8];
            var plan = PaymentBurst.Plan(invoices, parts: 4, everyNthTwice: 7, run);
            var burst = new PaymentBurst(system, PaymentBurst.Sequence(plan), perSecond: 4);
            await burst.RunAsync(patience: TimeSpan.FromSeconds(30));
            var burstEnd = clock.Elapsed;

            var manager = await system.StaffClientAsync("manager");
            await FaultSystemFixture.UntilAsync(() => AllPaidAsync(accountant, manager, invoices), BillingSettlesWithin,
                "every invoice paid and every report Paid while Documents stands still");
            var settledIn = clock.Elapsed - burstEnd;
            output.WriteLine($"While Documents stood still: {work.Sent.Count} approvals invoiced in {issuedIn.TotalSeconds:F0} s; {burst.Count} payments " +
                             $"published, all {invoices.Count} invoices and their reports Paid {settledIn.TotalSeconds:F0} s after the last " +
                             $"({(clock.Elapsed - stoppedFrom).TotalSeconds:F0} s stopped).");

            // Seconds have passed in which a running Documents draws these in well under one: none of the approved
            // reports' documents (the report's, the invoice's, the act's) exists, so billing did not wait for them.
            Assert.Equal(0, await DocumentsOfAsync(approved));

            // Slowed to a twentieth, Documents works through its backlog in slow motion: paused mid-message, mid-query.
            var slowedFrom = clock.Elapsed;
            throttling = ThrottleAsync(processes, slow.Token);
            await FaultSystemFixture.UntilAsync(async () => await DocumentsOfAsync(approved) > 0, TimeSpan.FromMinutes(2),
                "Documents drew one of the approved reports' documents while slowed");
            var drawn = await DocumentsOfAsync(reports);
            output.WriteLine($"Slowed, Documents drew its first document of an approved report in {(clock.Elapsed - slowedFrom).TotalSeconds:F0} s; " +
                             $"{drawn} of the {reports.Count * 3} documents then.");

            await slow.CancelAsync();
            await throttling;

            // Running freely again, Documents draws every document of every report once: a report, an invoice, an act.
            var caughtUp = Stopwatch.StartNew();
            await FaultSystemFixture.UntilAsync(async () => await DocumentsOfAsync(reports) >= reports.Count * 3, TimeSpan.FromMinutes(3),
                "Documents drew the report, invoice and act of every report");
            output.WriteLine($"Documents caught up in {caughtUp.Elapsed.TotalSeconds:F0} s after running freely again.");

            var accounting = await FaultAccounting.TakeAsync(system, invoices, plan, burst, TimeSpan.FromMinutes(1));
            output.WriteLine(accounting.Line("Documents slow", burst) + $" Total {clock.Elapsed.TotalSeconds:F0} s.");

            var reportIds = string.Join(",", reports.Select(r => $"'{r}'"));
            Assert.Equal(reports.Count * 3, await DocumentsOfAsync(reports));
            Assert.Equal(reports.Count * 3, await system.ScalarAsync("documentsdb",
                $"SELECT count(DISTINCT (report_id, kind)) FROM documents WHERE report_id IN ({reportIds}) AND version = 1"));
            accounting.AssertNothingLostOrDuplicated();
        }
        finally
        {
            await slow.CancelAsync();
            await throttling;
            FaultSystemFixture.Signal("CONT", processes);
        }
    }

    /// <summary>
    /// Stops the processes for 1.9 s and lets them run for 0.1 s, until cancelled; they are always left running.
    /// SIGSTOP needs no help from the service: nothing in its code knows it is being slowed.
    /// </summary>
    private static async Task ThrottleAsync(IReadOnlyList<int> processes, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                FaultSystemFixture.Signal("STOP", processes);
                await Task.Delay(1900, stop);
                FaultSystemFixture.Signal("CONT", processes);
                await Task.Delay(100, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            FaultSystemFixture.Signal("CONT", processes);
        }
    }

    private Task<long> DocumentsOfAsync(IEnumerable<Guid> reports) =>
        system.ScalarAsync("documentsdb",
            $"SELECT count(*) FROM documents WHERE report_id IN ({string.Join(",", reports.Select(r => $"'{r}'"))}) AND kind IN ('report', 'invoice', 'act')");

    private static async Task<bool> AllPaidAsync(HttpClient accountant, HttpClient manager, IReadOnlyList<IssuedInvoice> invoices)
    {
        foreach (var invoice in invoices)
        {
            var card = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoice.Id}");
            var report = await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{invoice.ReportId}");
            if (card.GetProperty("status").GetString() != "Paid" || report.GetProperty("status").GetString() != "Paid")
            {
                return false;
            }
        }

        return true;
    }
}
