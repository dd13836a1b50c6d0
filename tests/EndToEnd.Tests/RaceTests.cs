using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>
/// Two things at the same instant through the gateway, across the services: each race ends in one consistent outcome,
/// whichever side wins it. (Each service's own races — two creates over the same time, a payment and a cancel inside
/// Billing, twenty payments at once — are tested in that service's suite.)
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class RaceTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_report_approved_and_cancelled_at_once_ends_either_cancelled_with_no_live_invoice_and_its_time_free_or_invoiced_once()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        // An approved report is cancelled by an admin alone, so the admin's cancel can win on either side of the approval.
        var admin = await system.StaffClientAsync("admin");
        // An address of its own: the gateway limits public calls per address, and other tests spend those limits.
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.1"));
        var sent = await Flows.SentReportAsync(manager, 60);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var approve = Task.Run(async () =>
        {
            await gate.Task;
            return await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/approve",
                new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash });
        });
        var cancel = Task.Run(async () =>
        {
            await gate.Task;
            return await admin.PostAsJsonAsync($"/api/reports/{sent.ReportId}/cancel", new { comment = "The client changed their mind" });
        });
        gate.SetResult();
        using var approved = await approve;
        using var cancelled = await cancel;

        // Every answer is a clear one: the approval wins (200), or finds the report cancelled (409, or 404 once the link
        // is dead); the cancel wins (200), or loses:
        // the approval changed the report while the cancel was at work, or the invoice came back first (409).
        output.WriteLine($"approve: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");
        output.WriteLine($"cancel: {(int)cancelled.StatusCode} {await cancelled.Content.ReadAsStringAsync()}");
        Assert.Contains(approved.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound });
        Assert.Contains(cancelled.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
        if (cancelled.StatusCode == HttpStatusCode.Conflict)
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var invoiced = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
                r => r.GetProperty("status").GetString() == "Invoiced", "the report invoiced");
            var live = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}");
            var only = Assert.Single(live.GetProperty("items").EnumerateArray());
            Assert.Equal((invoiced.GetProperty("invoiceNumber").GetString(), "Issued"),
                (only.GetProperty("number").GetString(), only.GetProperty("status").GetString()));
            return;
        }

        // Cancelled: if the approval came first, Billing's invoice for it is cancelled in turn, and the time is free.
        var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            r => r.GetProperty("status").GetString() == "Cancelled", "the report cancelled");
        Assert.Equal(JsonValueKind.Null, report.GetProperty("invoiceNumber").ValueKind);
        Assert.DoesNotContain(report.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "Invoiced");
        if (approved.StatusCode == HttpStatusCode.OK)
        {
            await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}"),
                page => page.GetProperty("items").EnumerateArray().All(i => i.GetProperty("status").GetString() == "Cancelled"),
                "no live invoice of the cancelled report", TimeSpan.FromSeconds(60));
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // the approval never happened: nothing may be invoiced after it
            var invoices = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}");
            Assert.Equal(0, invoices.GetProperty("total").GetInt32());
        }

        foreach (var entryId in sent.Work.TimeEntryIds)
        {
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("billingState").GetString() == "Unbilled", $"time entry {entryId} freed");
        }
    }

    [Fact]
    public async Task Two_payments_for_one_invoice_at_the_same_instant_both_count_and_the_report_is_paid_once()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.2"));
        // 120 minutes at 120 BYN an hour: 240.00 BYN, paid as 100.00 + 140.00 at the same instant.
        var sent = await Flows.SentReportAsync(manager, 120);
        await Flows.PostAsync(client, $"/api/public/reports/{sent.Token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }, HttpStatusCode.OK);
        var found = await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the invoice of the approved report");
        var invoice = Assert.Single(found.GetProperty("items").EnumerateArray());
        var invoiceId = invoice.GetProperty("id").GetGuid();
        var number = invoice.GetProperty("number").GetString()!;
        Assert.Equal(240.00m, invoice.GetProperty("total").GetDecimal());

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage> Pay(string externalId, decimal amount) => Task.Run(async () =>
        {
            await gate.Task;
            return await accountant.PostAsJsonAsync("/api/payments", new
            {
                externalId, reference = number, amount, currency = "BYN", paidAt = DateTimeOffset.UtcNow, payerName = "E2E client LLC",
            });
        });
        var first = Pay($"RACE-{sent.ReportId:N}-1", 100.00m);
        var second = Pay($"RACE-{sent.ReportId:N}-2", 140.00m);
        gate.SetResult();
        using var firstAnswer = await first;
        using var secondAnswer = await second;

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (firstAnswer.StatusCode, secondAnswer.StatusCode));
        var card = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}");
        Assert.Equal(("Paid", 240.00m, 0m), (card.GetProperty("status").GetString(), card.GetProperty("paidAmount").GetDecimal(),
            card.GetProperty("balance").GetDecimal()));
        // The ledger applied them one after the other, in either order: 240.00 → 140.00 or 100.00 → 0.00.
        var ledger = card.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal(["Issued", "PaymentApplied", "PaymentApplied"], ledger.Select(l => l.GetProperty("kind").GetString()));
        var balances = ledger.Select(l => l.GetProperty("balanceAfter").GetDecimal()).ToList();
        Assert.Equal((240.00m, 0m), (balances[0], balances[2]));
        Assert.Contains(balances[1], new[] { 140.00m, 100.00m });
        Assert.Equal(2, card.GetProperty("payments").GetArrayLength());

        // Reporting hears of both payments and of the invoice paid once; Tasks marks the time paid.
        var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            r => r.GetProperty("status").GetString() == "Paid" && r.GetProperty("payments").GetArrayLength() == 2,
            "the report Paid with both payments", TimeSpan.FromSeconds(60));
        Assert.Equal(0m, report.GetProperty("balance").GetDecimal());
        Assert.Equal([100.00m, 140.00m], report.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("amount").GetDecimal()).Order());
        Assert.Single(report.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "Paid");
        foreach (var entryId in sent.Work.TimeEntryIds)
        {
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("billingState").GetString() == "Paid", $"time entry {entryId} paid");
        }
    }

    [Fact]
    public async Task Two_managers_building_a_report_over_the_same_time_at_once_end_with_every_entry_in_one_report_billed_once()
    {
        var manager = await system.StaffClientAsync("manager");
        var otherManager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.3"));
        (Guid ReportId, RecordedWork Work)? last = null;
        for (var run = 1; run <= 3; run++)
        {
            // 60 + 30 minutes of one client's October, which both managers build a report of at the same instant.
            var work = await Flows.RecordWorkAsync(manager, 60, 30);
            var build = new { companyId = work.CompanyId, from = work.From, to = work.To };
            var (first, second) = await Flows.AtOnceAsync(
                () => manager.PostAsJsonAsync("/api/reports", build), () => otherManager.PostAsJsonAsync("/api/reports", build), run % 2 == 0);
            using var firstAnswer = first;
            using var secondAnswer = second;

            // The claims' unique key in Reporting lets one report hold the time; the other is never created: it lost on
            // the key (409 naming the winner for every entry) or came a moment later and found nothing left (422).
            var won = Assert.Single(new[] { first, second }, a => a.StatusCode == HttpStatusCode.Created);
            var lost = won == first ? second : first;
            var card = await Flows.ReadBodyAsync(won);
            var (reportId, number) = (card.GetProperty("id").GetGuid(), card.GetProperty("number").GetString()!);
            var refusal = await Flows.ReadBodyAsync(lost);
            output.WriteLine($"run {run}: {(won == first ? "first" : "second")} manager won with {number}; the other got {(int)lost.StatusCode} {refusal.GetProperty("title")}");
            if (lost.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal("Time already in another report.", refusal.GetProperty("title").GetString());
                var conflicts = refusal.GetProperty("conflicts").EnumerateArray().ToList();
                Assert.Equal(work.TimeEntryIds.Order(), conflicts.Select(c => c.GetProperty("timeEntryId").GetGuid()).Order());
                Assert.All(conflicts, c => Assert.Equal(number, c.GetProperty("reportNumber").GetString()));
            }
            else
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, lost.StatusCode);
                Assert.Equal("Nothing to report.", refusal.GetProperty("title").GetString());
            }

            Assert.Equal(90, card.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("line").GetProperty("billedMinutes").GetInt32()));

            // Tasks locks every entry for the winner and refuses none; the client has that one report and no other.
            foreach (var entryId in work.TimeEntryIds)
            {
                await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                    e => e.GetProperty("reportNumber").GetString() == number && e.GetProperty("reportId").GetGuid() == reportId
                        && e.GetProperty("billingState").GetString() == "InReport", $"time entry {entryId} locked for {number}");
            }

            var locks = (await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}"),
                r => r.GetProperty("locks").GetProperty("confirmed").GetBoolean(), $"Tasks' answer to {number}'s claims")).GetProperty("locks");
            Assert.Equal((2, 2, 0), (locks.GetProperty("claimed").GetInt32(), locks.GetProperty("locked").GetInt32(),
                locks.GetProperty("refused").GetArrayLength()));
            var reports = await manager.GetFromJsonAsync<JsonElement>($"/api/reports?companyId={work.CompanyId}");
            Assert.Equal(reportId, Assert.Single(reports.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
            await Flows.PostAsync(otherManager, "/api/reports", build, HttpStatusCode.UnprocessableEntity); // and a third try finds nothing
            last = (reportId, work);
        }

        // The winner of the last run goes all the way to its invoice: the 90 minutes are billed once, 1.5 h × 120 = 180.00.
        var (lastReport, lastWork) = last!.Value;
        var (token, hash, _) = await Flows.SendAsync(manager, lastReport);
        await Flows.PostAsync(client, $"/api/public/reports/{token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash }, HttpStatusCode.OK);
        var invoices = await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?companyId={lastWork.CompanyId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the invoice of the winning report");
        var invoiceId = Assert.Single(invoices.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
        var invoice = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}");
        Assert.Equal((lastReport, 180.00m), (invoice.GetProperty("reportId").GetGuid(), invoice.GetProperty("total").GetDecimal()));
        Assert.Equal(90, invoice.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("billedMinutes").GetInt32()));
    }

    [Fact]
    public async Task A_report_cancelled_as_another_is_built_over_its_time_ends_with_the_time_locked_in_Tasks_for_the_new_report_alone()
    {
        // Reporting frees the time at the cancel and gives it to the new report at once; Tasks hears the two on separate
        // queues, in either order. Whichever comes first, the time must end locked for the live report, with no refusal.
        var manager = await system.StaffClientAsync("manager");
        var otherManager = await system.StaffClientAsync("manager");
        for (var run = 1; run <= 4; run++)
        {
            var work = await Flows.RecordWorkAsync(manager, 60, 30);
            var build = new { companyId = work.CompanyId, from = work.From, to = work.To };
            var oldId = (await Flows.CreateReportAsync(manager, work)).GetProperty("id").GetGuid();
            var oldNumber = (await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{oldId}"),
                r => r.GetProperty("locks").GetProperty("locked").GetInt32() == 2, "the first report's time locked")).GetProperty("number").GetString();
            var (cancel, create) = await Flows.AtOnceAsync(
                () => manager.PostAsJsonAsync($"/api/reports/{oldId}/cancel", new { comment = "Built with the wrong filters" }),
                () => otherManager.PostAsJsonAsync("/api/reports", build), run % 2 == 0);
            using var cancelled = cancel;
            using var created = create;
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
            var answer = await Flows.ReadBodyAsync(created);
            output.WriteLine($"run {run}: cancel of {oldNumber} {(int)cancelled.StatusCode}, new report {(int)created.StatusCode} {(answer.TryGetProperty("number", out var n) ? n : answer.GetProperty("title"))}");
            if (created.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                // Built while the first report still held the time: nothing to bill. The manager builds it again at once,
                // so Tasks hears the new claims right after the cancel, in whichever order its two queues deliver them.
                Assert.Equal("Nothing to report.", answer.GetProperty("title").GetString());
                answer = await Flows.CreateReportAsync(otherManager, work);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            var (newId, newNumber) = (answer.GetProperty("id").GetGuid(), answer.GetProperty("number").GetString()!);
            foreach (var entryId in work.TimeEntryIds)
            {
                await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                    e => e.GetProperty("reportNumber").GetString() == newNumber, $"time entry {entryId} locked for {newNumber}");
            }

            var locks = (await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{newId}"),
                r => r.GetProperty("locks").GetProperty("confirmed").GetBoolean(), $"Tasks' answer to {newNumber}'s claims")).GetProperty("locks");
            Assert.Equal((2, 2, 0), (locks.GetProperty("claimed").GetInt32(), locks.GetProperty("locked").GetInt32(),
                locks.GetProperty("refused").GetArrayLength()));
        }
    }

    [Fact]
    public async Task An_entry_edited_as_its_report_is_built_is_either_refused_naming_the_report_or_caught_as_stale_and_billed_at_its_new_minutes()
    {
        var manager = await system.StaffClientAsync("manager");
        var editor = await system.StaffClientAsync("manager");
        var outcomes = new List<string>();
        for (var run = 1; run <= 4; run++)
        {
            // One entry of 60 minutes (120.00), raised to 90 (180.00) at the instant its report is built.
            var work = await Flows.RecordWorkAsync(manager, 60);
            var entryId = work.TimeEntryIds[0];
            var (create, edit) = await Flows.AtOnceAsync(
                () => manager.PostAsJsonAsync("/api/reports", new { companyId = work.CompanyId, from = work.From, to = work.To }),
                () => editor.PutAsJsonAsync($"/api/time-entries/{entryId}", new
                {
                    taskId = work.TaskId, person = "Anna Developer", workDate = work.From, minutes = 90, comment = "Raised as the report is built",
                }), queueSecondFirst: run % 2 == 0);
            using var created = create;
            using var edited = edit;
            var card = await Flows.ReadBodyAsync(created);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"the report: {(int)created.StatusCode} {card}");
            var (reportId, number) = (card.GetProperty("id").GetGuid(), card.GetProperty("number").GetString()!);
            var priced = Assert.Single(card.GetProperty("lines").EnumerateArray()).GetProperty("line").GetProperty("actualMinutes").GetInt32();
            var answer = await Flows.ReadBodyAsync(edited);

            int billed;
            if (edited.StatusCode == HttpStatusCode.Conflict)
            {
                // Tasks had locked the entry: the edit is refused naming the report, or it met the lock being written and
                // is turned back to be repeated. Either way nothing changed, and the report bills the 60 minutes.
                outcomes.Add("refused");
                if (answer.TryGetProperty("reportNumber", out var named))
                {
                    Assert.Equal(number, named.GetString());
                }
                else
                {
                    Assert.Equal("Changed by someone else.", answer.GetProperty("title").GetString());
                }

                Assert.Equal(60, priced);
                billed = 60;
            }
            else
            {
                Assert.True(edited.StatusCode == HttpStatusCode.OK, $"the edit: {(int)edited.StatusCode} {answer}");
                Assert.Equal(90, answer.GetProperty("minutes").GetInt32());
                if (priced == 90)
                {
                    // The edit reached Reporting before the report was priced: it bills the new minutes, nothing is stale.
                    outcomes.Add("edited first");
                }
                else
                {
                    // The edit slipped in before the lock but after the pricing: the line is stale and blocks sending
                    // until the draft is refreshed.
                    outcomes.Add("slipped in before the lock");
                    Assert.Equal(60, priced);
                    var stale = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}"),
                        r => r.GetProperty("staleLines").GetArrayLength() > 0, "the line going stale");
                    Assert.Contains("changed from 60 to 90 min",
                        Assert.Single(stale.GetProperty("staleLines").EnumerateArray()).GetProperty("reasons")[0].GetString());
                    using (var send = await manager.PostAsync($"/api/reports/{reportId}/send", null))
                    {
                        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
                        Assert.Equal(1, (await Flows.ReadBodyAsync(send)).GetProperty("staleLines").GetArrayLength());
                    }

                    var refreshed = await Flows.PostAsync(manager, $"/api/reports/{reportId}/refresh", null, HttpStatusCode.OK);
                    Assert.Equal(90, Assert.Single(refreshed.GetProperty("lines").EnumerateArray()).GetProperty("line").GetProperty("actualMinutes").GetInt32());
                }

                billed = 90;
            }

            output.WriteLine($"run {run}: {outcomes[^1]} (edit {(int)edited.StatusCode}, priced at {priced} min, billed {billed} min)");
            // Tasks holds the entry for the report at the minutes the report bills, and the client is sent exactly those.
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("reportNumber").GetString() == number, $"time entry locked for {number}");
            var entry = await manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}");
            Assert.Equal(billed, entry.GetProperty("minutes").GetInt32());
            var (_, _, sent) = await Flows.SendAsync(manager, reportId);
            Assert.Equal(billed * Flows.HourlyRate / 60, sent.GetProperty("amount").GetDecimal());
        }

        output.WriteLine($"outcomes: {string.Join(", ", outcomes)}");
    }

    [Fact]
    public async Task An_invoice_cancelled_as_a_payment_for_it_arrives_ends_either_cancelled_with_the_payment_unmatched_or_part_paid_with_the_cancel_refused()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        var otherAccountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.4"));
        for (var run = 1; run <= 4; run++)
        {
            // 120 minutes at 120 BYN an hour: 240.00 BYN, of which 100.00 arrive as the accountant cancels the invoice.
            var (sent, issued) = await Flows.InvoicedReportAsync(manager, accountant, client, 120);
            var (invoiceId, number) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("number").GetString()!);
            var (cancel, pay) = await Flows.AtOnceAsync(
                () => accountant.PostAsJsonAsync($"/api/invoices/{invoiceId}/cancel", new { reason = "Wrong requisites" }),
                () => otherAccountant.PostAsJsonAsync("/api/payments", new
                {
                    externalId = $"RACE-CANCEL-{sent.ReportId:N}", reference = number, amount = 100.00m, currency = "BYN",
                    paidAt = DateTimeOffset.UtcNow, payerName = "E2E client LLC",
                }), queueSecondFirst: run % 2 == 0);
            using var cancelled = cancel;
            using var paid = pay;
            var cancelAnswer = await Flows.ReadBodyAsync(cancelled);
            var receipt = await Flows.ReadBodyAsync(paid);
            output.WriteLine($"run {run}: cancel {(int)cancelled.StatusCode}, payment {(int)paid.StatusCode} {receipt.GetProperty("outcome")}");

            // The invoice row's lock puts one after the other: exactly one of them wins, never both, never neither.
            Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
            var payment = receipt.GetProperty("payment");
            var invoice = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}");
            var ledger = invoice.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("kind").GetString()).ToList();
            if (cancelled.StatusCode == HttpStatusCode.OK)
            {
                // The cancel won: the invoice is cancelled with its credit note and took no money; the payment waits, unmatched,
                // for an accountant, who cannot put it on the cancelled invoice; the report is Approved again, with no payments.
                Assert.Equal(("Unmatched", "Unmatched", 0m), (receipt.GetProperty("outcome").GetString(), payment.GetProperty("status").GetString(),
                    payment.GetProperty("appliedAmount").GetDecimal()));
                Assert.Equal($"Invoice {number} is cancelled.", payment.GetProperty("reason").GetString());
                Assert.Equal(("Cancelled", 0m, 0), (invoice.GetProperty("status").GetString(), invoice.GetProperty("paidAmount").GetDecimal(),
                    invoice.GetProperty("payments").GetArrayLength()));
                Assert.False(string.IsNullOrEmpty(invoice.GetProperty("creditNoteNumber").GetString()));
                Assert.Equal(["Issued", "Cancelled"], ledger);
                await Flows.PostAsync(accountant, $"/api/payments/{payment.GetProperty("id").GetGuid()}/assign", new { invoiceId },
                    HttpStatusCode.Conflict);
                var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
                    r => r.GetProperty("status").GetString() == "Approved", "the report Approved again");
                Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, 0), (report.GetProperty("invoiceNumber").ValueKind,
                    report.GetProperty("balance").ValueKind, report.GetProperty("payments").GetArrayLength()));
            }
            else
            {
                // The payment won: it is applied, the cancel is refused until the money is refunded, and the invoice and the
                // report's card keep the 100.00 with 140.00 left to pay.
                Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
                Assert.Contains("refund the payments first", cancelAnswer.GetProperty("detail").GetString());
                Assert.Equal(("Applied", "Applied", 100.00m), (receipt.GetProperty("outcome").GetString(), payment.GetProperty("status").GetString(),
                    payment.GetProperty("appliedAmount").GetDecimal()));
                Assert.Equal(("PartiallyPaid", 100.00m, 140.00m), (invoice.GetProperty("status").GetString(),
                    invoice.GetProperty("paidAmount").GetDecimal(), invoice.GetProperty("balance").GetDecimal()));
                Assert.Equal(JsonValueKind.Null, invoice.GetProperty("creditNoteNumber").ValueKind);
                Assert.Equal(["Issued", "PaymentApplied"], ledger);
                var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
                    r => r.GetProperty("payments").GetArrayLength() == 1, "the payment on the report's card");
                Assert.Equal(("Invoiced", number, 140.00m), (report.GetProperty("status").GetString(), report.GetProperty("invoiceNumber").GetString(),
                    report.GetProperty("balance").GetDecimal()));
                Assert.Equal(100.00m, report.GetProperty("payments")[0].GetProperty("amount").GetDecimal());
            }
        }
    }
}
