using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Clearhours.EndToEnd.Tests.Telemetry;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>
/// What the services export to OTLP (the collector of <see cref="SystemFixture.Telemetry"/>, where the dashboard would
/// be): each business flow is one trace across every service it passes, found by its business ids, with no share
/// token, e-mail or bank account in any span.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class TraceTests(SystemFixture system, ITestOutputHelper output)
{
    private const int Consumer = 5; // OTLP SpanKind CONSUMER

    private const string ClientEmail = "olga@client.example";
    private const string PayerAccount = "BY20AKBB30120000000000000001";

    [Fact]
    public async Task The_client_approval_is_one_trace_through_the_invoice_and_the_documents_to_the_card()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.5.1"));

        var (sent, invoice) = await Flows.InvoicedReportAsync(manager, accountant, client);
        await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            r => r.GetProperty("documents").GetArrayLength() >= 3, "the report, invoice and act on the card", TimeSpan.FromSeconds(60));

        // As an operator finds it: by the report number, then the trace of the approval.
        var invoiceNumber = invoice.GetProperty("number").GetString()!;
        await WholeTraceAsync(
            s => s["clearhours.report.number"] == sent.Number && s.Name.Contains("approve", StringComparison.OrdinalIgnoreCase),
            [
                ("a gateway span", t => t.Any(s => s.Service == "gateway")),
                ("ReportApproved consumed by Billing", t => Consumed(t, "billing-api", "ReportApproved").Count > 0),
                ("ReportApproved consumed by Tasks", t => Consumed(t, "tasks-api", "ReportApproved").Count > 0),
                ("ReportApproved consumed by Documents", t => Consumed(t, "documents-api", "ReportApproved").Count > 0),
                ("InvoiceIssued consumed by Reporting", t => Consumed(t, "reporting-api", "InvoiceIssued").Count > 0),
                ("InvoiceIssued consumed by Documents", t => Consumed(t, "documents-api", "InvoiceIssued").Count > 0),
                ("the three DocumentCreated consumed by Reporting (the card)", t => Consumed(t, "reporting-api", "DocumentCreated").Count >= 3),
                ($"a Billing span of invoice {invoiceNumber}", t => t.Any(s => s.Service == "billing-api" && s["clearhours.invoice.number"] == invoiceNumber)),
                ("spans of exactly the five processes", t => t.Select(s => s.Service).Distinct().Order()
                    .SequenceEqual(["billing-api", "documents-api", "gateway", "reporting-api", "tasks-api"])),
            ],
            $"report {sent.Number}'s approval", TimeSpan.FromSeconds(60));

        AssertNoSecretIn(system.Telemetry.Spans, sent.Token, ClientEmail);
    }

    [Fact]
    public async Task A_payment_is_one_trace_to_the_time_paid_whether_it_comes_from_the_bus_plain_json_the_webhook_or_a_statement()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.5.2"));
        var run = Guid.NewGuid().ToString("N")[..8];

        var ways = new (string Way, string Source, Func<JsonElement, string, Task> Pay)[]
        {
            ("bus", "bank-bus", (invoice, externalId) => PublishAsync(Envelope(Payment("bank-bus", externalId, invoice)),
                "Clearhours.Contracts.Billing:PaymentReceived", "application/vnd.masstransit+json")),
            ("plain JSON", "bank-json", (invoice, externalId) => PublishAsync(Payment("bank-json", externalId, invoice),
                "clearhours.payments", "application/json")),
            ("webhook", SystemFixture.WebhookSource, (invoice, externalId) => WebhookAsync(client, Payment(SystemFixture.WebhookSource, externalId, invoice))),
            ("statement", "statement", (invoice, externalId) => StatementAsync(accountant, externalId, invoice)),
        };

        foreach (var (way, source, pay) in ways)
        {
            var (sent, invoice) = await Flows.InvoicedReportAsync(manager, accountant, client);
            var externalId = $"{way.Replace(' ', '-')}-{run}";
            await pay(invoice, externalId);
            foreach (var entryId in sent.Work.TimeEntryIds)
            {
                await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                    e => e.GetProperty("billingState").GetString() == "Paid", $"time entry {entryId} Paid after the {way} payment",
                    TimeSpan.FromSeconds(40));
            }

            // As an operator finds it: by the payment's source and external id.
            var invoiceNumber = invoice.GetProperty("number").GetString();
            string[] services = way is "webhook" or "statement"
                ? ["billing-api", "gateway", "reporting-api", "tasks-api"]
                : ["billing-api", "reporting-api", "tasks-api"];
            await WholeTraceAsync(
                s => s["clearhours.payment.external_id"] == externalId && s["clearhours.payment.source"] == source,
                [
                    ($"a Billing span of invoice {invoiceNumber}", t => t.Any(s => s.Service == "billing-api" && s["clearhours.invoice.number"] == invoiceNumber)),
                    ("PaymentApplied consumed by Reporting", t => Consumed(t, "reporting-api", "PaymentApplied").Count > 0),
                    ("InvoicePaid consumed by Reporting", t => Consumed(t, "reporting-api", "InvoicePaid").Count > 0),
                    ($"a Reporting span of report {sent.Number}", t => t.Any(s => s.Service == "reporting-api" && s["clearhours.report.number"] == sent.Number)),
                    ("ReportPaid consumed by Tasks (the time paid)", t => Consumed(t, "tasks-api", "ReportPaid").Count > 0),
                    ($"spans of exactly {string.Join(", ", services)}", t => t.Select(s => s.Service).Distinct().Order().SequenceEqual(services)),
                ],
                $"the {way} payment", TimeSpan.FromSeconds(30));
        }

        AssertNoSecretIn(system.Telemetry.Spans, ClientEmail, PayerAccount, system.WebhookSecret);
    }

    /// <summary>
    /// Waits for the trace that holds a span matching <paramref name="found"/> until every expectation holds or the time
    /// is up, prints it, and asserts each expectation. Each service exports its spans in batches of its own, so a trace is whole
    /// only when the last service's batch has come: the last span in time is not always the last to arrive.
    /// </summary>
    private async Task WholeTraceAsync(
        Func<ExportedSpan, bool> found, (string What, Func<List<ExportedSpan>, bool> Holds)[] expected, string flow, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var trace = TraceOf(system.Telemetry.Spans, found) ?? [];
        while (!expected.All(e => e.Holds(trace)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            trace = TraceOf(system.Telemetry.Spans, found) ?? [];
        }

        output.WriteLine($"--- {flow}");
        Print(trace);
        Assert.NotEmpty(trace);
        foreach (var (what, holds) in expected)
        {
            Assert.True(holds(trace), $"The trace of {flow} has no {what} ({trace.Count} spans after {within.TotalSeconds} s).");
        }
    }

    /// <summary>All spans of the trace that holds a span matching <paramref name="found"/>, or null when none does yet.</summary>
    private static List<ExportedSpan>? TraceOf(IReadOnlyList<ExportedSpan> spans, Func<ExportedSpan, bool> found) =>
        spans.FirstOrDefault(found) is { } span ? [.. spans.Where(s => s.TraceId == span.TraceId)] : null;

    /// <summary>The consume spans of <paramref name="service"/> for the event named <paramref name="message"/>.</summary>
    private static List<ExportedSpan> Consumed(IEnumerable<ExportedSpan> trace, string service, string message) =>
        [.. trace.Where(s => s.Service == service && s.Kind == Consumer
            && s.Attributes.Values.Any(v => v.EndsWith($":{message}", StringComparison.Ordinal) || v.EndsWith($".{message}", StringComparison.Ordinal)))];

    private static void AssertNoSecretIn(IReadOnlyList<ExportedSpan> spans, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            var holding = spans.FirstOrDefault(s => s.Texts.Any(t => t.Contains(secret, StringComparison.OrdinalIgnoreCase)));
            Assert.True(holding is null, $"a span of {holding?.Service} ({holding?.Name}) holds '{secret}'");
        }
    }

    private void Print(IEnumerable<ExportedSpan> trace)
    {
        foreach (var span in trace)
        {
            output.WriteLine($"{span.Service,-14} {span.Kind} {span.Name} {string.Join(" ", span.Attributes.Where(a => a.Key.StartsWith("clearhours.", StringComparison.Ordinal) || a.Key.StartsWith("messaging.", StringComparison.Ordinal)).Select(a => $"{a.Key}={a.Value}"))}");
        }
    }

    private static string Payment(string source, string externalId, JsonElement invoice) => JsonSerializer.Serialize(new
    {
        source,
        externalId,
        reference = invoice.GetProperty("paymentReference").GetString(),
        amount = invoice.GetProperty("total").GetDecimal(),
        currency = invoice.GetProperty("currency").GetString(),
        paidAt = DateTimeOffset.UtcNow,
        payerName = "E2E client LLC",
        payerAccount = PayerAccount,
        purpose = "Payment for services",
    });

    /// <summary>The payment as MassTransit itself would publish a PaymentReceived (its JSON envelope).</summary>
    private static string Envelope(string payment) => JsonSerializer.Serialize(new
    {
        messageId = Guid.NewGuid(),
        messageType = new[] { "urn:message:Clearhours.Contracts.Billing:PaymentReceived" },
        message = JsonDocument.Parse(payment).RootElement,
    });

    private async Task PublishAsync(string body, string exchange, string contentType)
    {
        var factory = new ConnectionFactory { Uri = new Uri((await system.App.GetConnectionStringAsync("messaging"))!) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = contentType, DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
    }

    private async Task WebhookAsync(HttpClient client, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(system.WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/webhook/{SystemFixture.WebhookSource}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Clearhours-Timestamp", timestamp);
        request.Headers.Add("X-Clearhours-Signature", $"sha256={signature}");
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"webhook: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task StatementAsync(HttpClient accountant, string externalId, JsonElement invoice)
    {
        var amount = invoice.GetProperty("total").GetDecimal().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var csv = "externalId,date,amount,currency,payerName,payerAccount,purpose\n"
            + $"{externalId},{DateTime.UtcNow:yyyy-MM-dd},{amount},{invoice.GetProperty("currency").GetString()},E2E client LLC,{PayerAccount},"
            + $"Payment for {invoice.GetProperty("paymentReference").GetString()}\n";
        using var response = await accountant.PostAsync($"/api/payments/statements?currency={invoice.GetProperty("currency").GetString()}",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, $"statement: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
