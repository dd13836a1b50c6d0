using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Clearhours.Billing.Tests;

/// <summary>
/// Random sequences of payments through <see cref="PaymentIntake"/> against the real database, checked against a model
/// of the money after every step. The seed is printed; PAYMENT_PROPERTY_SEED replays a run.
/// </summary>
public sealed class PaymentPropertyTests(ServersFixture servers, ITestOutputHelper output) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const int Sequences = 30;
    private const int Steps = 15;
    private static int _invoiceSequence;

    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await servers.CreateDatabaseAsync("paymentproperty");
        await using var db = NewDbContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Any_sequence_of_partial_exact_over_duplicate_unmatched_and_concurrent_payments_keeps_the_money_right()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PAYMENT_PROPERTY_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"Seed {seed} (set PAYMENT_PROPERTY_SEED={seed} to replay).");
        var random = new Random(seed);

        for (var sequence = 0; sequence < Sequences; sequence++)
        {
            var run = await Run.StartAsync(this, random, sequence);
            for (var step = 0; step < Steps; step++)
            {
                var batch = run.NextBatch();
                try
                {
                    await run.SendAndCheckAsync(batch);
                }
                catch (Exception error)
                {
                    throw new InvalidOperationException(
                        $"Seed {seed}, sequence {sequence}, step {step}: {string.Join("; ", batch.Select(p => p.Describe()))}: {error.Message}", error);
                }
            }
        }
    }

    private async Task<PaymentOutcome> ReceiveAsync(PaymentReceived payment)
    {
        await using var db = NewDbContext();
        return await new PaymentIntake(db, TimeProvider.System).ReceiveAsync(payment, "property", CancellationToken.None);
    }

    private BillingDbContext NewDbContext() => new(new DbContextOptionsBuilder<BillingDbContext>().UseNpgsql(_database).Options);

    /// <summary>A payment the test sends, and what the model expects of it.</summary>
    private sealed record Sent(PaymentReceived Payment, string Kind, int? Invoice)
    {
        public string Key => Payment.ExternalId;

        public string Describe() => $"{Kind} {Payment.ExternalId} {Payment.Amount} {Payment.Currency} → {Payment.Reference}";
    }

    /// <summary>The money of the whole database, which a duplicate must leave exactly as it was.</summary>
    private sealed record Fingerprint(int Payments, decimal Received, int Credits, decimal Credit, int Ledger, int Outbox, decimal Paid, long Versions);

    /// <summary>One sequence: three fresh invoices (two in BYN, one in RUB), its own payment source, and the model.</summary>
    private sealed class Run(PaymentPropertyTests test, Random random, string source, List<Invoice> invoices)
    {
        private readonly decimal[] _paid = new decimal[invoices.Count];
        private readonly InvoiceStatus[] _status = [.. invoices.Select(i => i.Status)];
        private readonly Dictionary<string, Sent> _sent = [];
        private int _next;

        public static async Task<Run> StartAsync(PaymentPropertyTests test, Random random, int sequence)
        {
            List<Invoice> invoices =
            [
                .. new[] { "BYN", "BYN", "RUB" }.Select(currency => InvoiceTests.Issued(
                    total: random.Next(200, 500_000) / 100m, currency: currency, sequence: Interlocked.Increment(ref _invoiceSequence))),
            ];
            await using var db = test.NewDbContext();
            db.Invoices.AddRange(invoices);
            await db.SaveChangesAsync();
            return new Run(test, random, $"property-{sequence}", invoices);
        }

        /// <summary>One payment, or two to four sent at the same moment (with a duplicate among them now and then).</summary>
        public List<Sent> NextBatch()
        {
            if (random.Next(7) > 0)
            {
                return [NextPayment()];
            }

            List<Sent> batch = [.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => NextPayment())];
            if (random.Next(2) == 0)
            {
                var copied = batch[random.Next(batch.Count)];
                batch.Add(copied with { Kind = _sent.ContainsKey(copied.Key) ? copied.Kind : "copy" });
            }

            return batch;
        }

        public async Task SendAndCheckAsync(List<Sent> batch)
        {
            var fresh = batch.Where(s => !_sent.ContainsKey(s.Key)).DistinctBy(s => s.Key).ToList();
            var before = fresh.Count == 0 ? await FingerprintAsync() : null;
            var outcomes = await Task.WhenAll(batch.Select(s => Task.Run(() => test.ReceiveAsync(s.Payment))));

            foreach (var key in batch.Select(s => s.Key).Distinct())
            {
                var kinds = outcomes.Where(o => o.Payment.ExternalId == key).Select(o => o.Kind).ToList();
                var isNew = fresh.Any(s => s.Key == key);
                Assert.Equal(isNew ? kinds.Count - 1 : kinds.Count, kinds.Count(k => k == PaymentOutcomeKind.Duplicate));
                if (isNew)
                {
                    var expected = fresh.Single(s => s.Key == key).Invoice is null ? PaymentOutcomeKind.Unmatched : PaymentOutcomeKind.Applied;
                    Assert.Equal(expected, kinds.Single(k => k != PaymentOutcomeKind.Duplicate));
                }
            }

            foreach (var sent in fresh)
            {
                _sent[sent.Key] = sent;
            }

            // Whatever order concurrent payments took, what an invoice took is what it had plus theirs, up to its total.
            foreach (var group in fresh.Where(s => s.Invoice is not null).GroupBy(s => s.Invoice!.Value))
            {
                _paid[group.Key] = Math.Min(invoices[group.Key].Total, _paid[group.Key] + group.Sum(s => s.Payment.Amount));
            }

            if (before is not null)
            {
                Assert.Equal(before, await FingerprintAsync());
            }

            await CheckAsync();
        }

        private async Task CheckAsync()
        {
            await using var db = test.NewDbContext();
            var ids = invoices.Select(i => i.Id).ToList();
            var stored = await db.Invoices.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id);
            var payments = await db.Payments.AsNoTracking().Where(p => p.Source == source).ToListAsync();
            var credit = await db.Credits.AsNoTracking().Where(c => c.InvoiceId != null && ids.Contains(c.InvoiceId.Value)).SumAsync(c => c.Amount);
            var keys = ids.Select(id => id.ToString()).ToList();
            var events = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.AggregateKey != null && keys.Contains(m.AggregateKey))
                .GroupBy(m => new { m.AggregateKey, m.MessageType })
                .Select(g => new { g.Key.AggregateKey, g.Key.MessageType, Count = g.Count() })
                .ToListAsync();
            int EventsOf<T>(Guid invoiceId) =>
                events.Where(e => e.AggregateKey == invoiceId.ToString() && e.MessageType.StartsWith(typeof(T).FullName + ",", StringComparison.Ordinal)).Sum(e => e.Count);

            for (var i = 0; i < invoices.Count; i++)
            {
                var invoice = stored[invoices[i].Id];
                var applied = payments.Where(p => p.InvoiceId == invoice.Id).ToList();
                Assert.Equal(_paid[i], invoice.PaidAmount);
                Assert.Equal(invoice.Total - applied.Sum(p => p.AppliedAmount), invoice.Balance);
                Assert.True(invoice.Balance >= 0, $"Invoice {invoice.Number} has a balance of {invoice.Balance}.");
                Assert.Equal(invoice.PaidAmount == 0 ? InvoiceStatus.Issued : invoice.Balance == 0 ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid,
                    invoice.Status);
                Assert.True(invoice.Status >= _status[i], $"Invoice {invoice.Number} went from {_status[i]} back to {invoice.Status}.");
                _status[i] = invoice.Status;
                Assert.Equal(applied.Count, EventsOf<PaymentApplied>(invoice.Id));
                Assert.Equal(invoice.Status == InvoiceStatus.Paid ? 1 : 0, EventsOf<InvoicePaid>(invoice.Id));
            }

            Assert.Equal(_sent.Count, payments.Count);
            var unmatched = payments.Where(p => p.Status == PaymentStatus.Unmatched).Sum(p => p.Amount);
            Assert.Equal(_sent.Values.Sum(s => s.Payment.Amount), payments.Sum(p => p.AppliedAmount) + payments.Sum(p => p.CreditAmount) + unmatched);
            Assert.Equal(_sent.Values.Where(s => s.Invoice is null).Sum(s => s.Payment.Amount), unmatched);
            Assert.Equal(payments.Sum(p => p.CreditAmount), credit);
        }

        private Sent NextPayment()
        {
            var i = random.Next(invoices.Count);
            var invoice = invoices[i];
            var balance = invoice.Total - _paid[i];
            var kind = random.Next(6) switch
            {
                0 => "partial",
                1 => "exact",
                2 => "over",
                3 when _sent.Count > 0 => "duplicate",
                4 => "unmatched",
                _ => "partial",
            };
            return kind switch
            {
                "duplicate" => Duplicate(),
                "unmatched" => Unmatched(invoice),
                _ => new Sent(New(invoice.PaymentReference, kind switch
                {
                    "partial" when balance > 0.01m => Amount(0.01m, balance - 0.01m),
                    "exact" when balance > 0 => balance,
                    "over" => balance + Amount(0.01m, 500m),
                    _ => Amount(0.01m, 300m),
                }, invoice.Currency), kind, i),
            };
        }

        /// <summary>An earlier payment again, under its (source, external id), now and then with another amount: it counts once, as first sent.</summary>
        private Sent Duplicate()
        {
            var earlier = _sent.Values.ElementAt(random.Next(_sent.Count));
            return earlier with
            {
                Payment = random.Next(2) == 0 ? earlier.Payment : earlier.Payment with { Amount = earlier.Payment.Amount + 1m },
                Kind = "duplicate",
            };
        }

        private Sent Unmatched(Invoice invoice)
        {
            var amount = Amount(0.01m, 1000m);
            return random.Next(3) switch
            {
                0 => new Sent(New(invoice.PaymentReference, amount, invoice.Currency == "BYN" ? "RUB" : "BYN"), "wrong-currency", null),
                1 => new Sent(New(invoice.PaymentReference[..^1] + (invoice.PaymentReference[^1] == '0' ? '1' : '0'), amount, invoice.Currency), "typo", null),
                _ => new Sent(New($"СЧ-1999-{random.Next(1, 10_000):D4}", amount, invoice.Currency), "no-invoice", null),
            };
        }

        private PaymentReceived New(string reference, decimal amount, string currency) =>
            new(source, $"PP-{++_next}", reference, amount, currency, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
                "ООО «Акме»", "BY00ALFA0000", "Оплата");

        private decimal Amount(decimal min, decimal max) => random.NextInt64((long)(min * 100), (long)(max * 100) + 1) / 100m;

        private async Task<Fingerprint> FingerprintAsync()
        {
            await using var db = test.NewDbContext();
            return new Fingerprint(
                await db.Payments.CountAsync(), await db.Payments.SumAsync(p => p.Amount),
                await db.Credits.CountAsync(), await db.Credits.SumAsync(c => c.Amount),
                await db.Set<InvoiceLedgerEntry>().CountAsync(), await db.Set<OutboxMessage>().CountAsync(),
                await db.Invoices.SumAsync(i => i.PaidAmount), await db.Invoices.SumAsync(i => i.Version));
        }
    }
}
