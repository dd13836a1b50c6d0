using System.Diagnostics;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;

namespace Clearhours.Messaging.Tests;

/// <summary>Which of an event's properties reach its spans as business ids.</summary>
public sealed class TraceTagsTests
{
    [Fact]
    public void A_payment_event_tags_its_invoice_report_and_payment_ids_and_nothing_of_the_payer()
    {
        using var activity = new Activity("test").Start();
        var invoiceId = Guid.NewGuid();
        activity.SetBusinessIds(new PaymentApplied(invoiceId, "СЧ-2026-0007", Guid.NewGuid(), "bank-alpha", "PP-1043",
            Guid.NewGuid(), "R-2026-0003", 100m, 0m, "BYN", DateTimeOffset.UtcNow));
        activity.SetBusinessIds(new PaymentReceived("bank-alpha", "PP-1043", "RF18000000000000000000001", 100m, "BYN",
            DateTimeOffset.UtcNow, "Olga Client", "BY20AKBB30120000000000000001", "olga@client.example"));

        Assert.Equal("СЧ-2026-0007", activity.GetTagItem(TraceTags.InvoiceNumber));
        Assert.Equal(invoiceId.ToString(), activity.GetTagItem(TraceTags.InvoiceId));
        Assert.Equal("R-2026-0003", activity.GetTagItem(TraceTags.ReportNumber));
        Assert.Equal("bank-alpha", activity.GetTagItem(TraceTags.PaymentSource));
        Assert.Equal("PP-1043", activity.GetTagItem(TraceTags.PaymentExternalId));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value is string text
            && (text.Contains("BY20AKBB") || text.Contains('@') || text.Contains("Olga") || text.StartsWith("RF", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_time_entrys_external_id_is_not_tagged_as_a_payments()
    {
        using var activity = new Activity("test").Start();
        activity.SetBusinessIds(new TimeEntryRecorded(Guid.NewGuid(), 1, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Anna",
            new DateOnly(2026, 10, 1), 60, null, "planner-77", DateTimeOffset.UtcNow));

        Assert.Null(activity.GetTagItem(TraceTags.PaymentExternalId));
        Assert.Empty(activity.TagObjects);
    }
}
