using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;

namespace Clearhours.Documents.Tests.Http;

/// <summary>The events Reporting and Billing publish for one approved and invoiced report of October 2026.</summary>
public static class Samples
{
    public static ReportApproved Approved(string number = "R-2026-0007")
    {
        var lines = new List<ApprovedTaskLine>
        {
            new(1, "AC-12", "Дизайн главной страницы", "https://planner.example/AC-12", "Дизайн", 600, 600, 10m, 45m, 450m, null),
            new(2, "AC-14", "Созвон с клиентом", "https://planner.example/AC-14", "Менеджмент", 60, 0, 0m, null, 0m, "Не оплачивается"),
        };
        return new ReportApproved(Guid.NewGuid(), number, Guid.NewGuid(), new string('a', 64), [Guid.NewGuid(), Guid.NewGuid()],
            ManualClock.Start.AddHours(-2),
            new ApprovedInvoice(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "BYN", 450m,
                [new ApprovedLine(1, "AC-12 Дизайн главной страницы", 600, 45m, 450m, true)]),
            new ApprovedReport("Отчёт за октябрь 2026", "ООО «Акме»", "Пётр Петров", lines, [], 11m, 10m, 1m));
    }

    public static InvoiceIssued Issued(ReportApproved approved, string number = "INV-2026-0001") =>
        new(Guid.NewGuid(), number, approved.ReportId, 450m, "BYN", new DateOnly(2026, 12, 15), ManualClock.Start.AddHours(-1),
            new IssuedInvoice(approved.ReportNumber, new DateOnly(2026, 12, 1), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
                "RF712026000001",
                new InvoiceParty("Acme", "ООО «Акме»", "190000001", "г. Минск, пр-т Независимости, 1", "ОАО «Приорбанк»",
                    "BY20PJCB30120000000000000933", "PJCBBY2X"),
                [
                    new IssuedLine(1, "AC-12 Дизайн главной страницы", 600, 45m, 450m, true),
                    new IssuedLine(2, "AC-14 Созвон с клиентом", 60, 0m, 0m, false),
                ]));
}
