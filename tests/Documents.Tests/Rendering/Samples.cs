using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Documents.Rendering;

namespace Clearhours.Documents.Tests.Rendering;

/// <summary>Realistic events and a letterhead to draw: Russian titles with «Ё», «ё», «Й», «Ъ», and a BYN invoice.</summary>
internal static class Samples
{
    public const string LongTitle =
        "Подъём производительности отчёта «Ёмкость склада»: объединить выборки, убрать лишние запросы к базе, " +
        "переписать расчёт остатков и добавить кэш для справочника объёмов";

    // A 96×32 PNG, small enough to keep here rather than in a data file.
    public static readonly byte[] Logo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAGAAAAAgCAYAAADtwH1UAAAAmUlEQVR42u3ZwQmAMAxAUTdwU4/O6FbqBKVim6TwAj14UOE/BK3bZoz5Mft53CoExu5daiWFB1EoPoQC" +
        "8SEUiA9hYPyI88UfEA/CYIBZ13qPr9bquMfS50+L/+GeAFoAAU8cAAAAAABIBsh6ZQTgCQAAAAAAAL6E8wHsBRUGsBvqfwAEf8QWRlAzEUHFRAT1kiDUCkRRwSw7D81BI3BkIN6wAAAAAElFTkSuQmCC");

    public static Letterhead Agency(DocumentLanguage language = DocumentLanguage.Russian) => new(
        LegalName: "ООО «Объёмные Решения»",
        TaxId: "190123456",
        Address: "220030, г. Минск, ул. Подъёмная, д. 7, офис 12",
        BankName: "ОАО «Приорбанк»",
        BankAccount: "BY20PJCB30120123451000000933",
        BankBic: "PJCBBY2X",
        SignatoryName: "Ёлкин Йозеф Петрович",
        SignatoryPosition: "Генеральный директор",
        AccentColor: "#0f766e",
        Language: language,
        LogoPng: Logo);

    public static InvoiceIssued Invoice() => new(
        InvoiceId: Guid.NewGuid(),
        InvoiceNumber: "INV-2026-0042",
        ReportId: Guid.NewGuid(),
        Amount: 1234.50m,
        Currency: "BYN",
        DueOn: new DateOnly(2026, 10, 15),
        IssuedAt: new DateTimeOffset(2026, 10, 1, 9, 30, 0, TimeSpan.Zero),
        Details: new IssuedInvoice(
            ReportNumber: "R-2026-0007",
            IssuedOn: new DateOnly(2026, 10, 1),
            From: new DateOnly(2026, 9, 1),
            To: new DateOnly(2026, 9, 30),
            PaymentReference: "CH-2026-0042-7",
            Client: new InvoiceParty(
                "Съёмка и Йога", "ЧУП «Съёмка и Йога»", "191234567", "г. Гомель, пр-т Ленина, 5",
                "ЗАО «Альфа-Банк»", "BY04ALFA30122000000000000000", "ALFABY2X"),
            Lines:
            [
                new(1, "Разработка: подъём API «Ёлка» на новую версию", 690, 75m, 862.50m, Billable: true),
                new(2, "Аналитика: объём работ по разделу «Йогурты»", 240, 93m, 372.00m, Billable: true),
                new(3, "Исправление ошибки после релиза (гарантия)", 90, 75m, 0m, Billable: false),
            ]));

    public static ReportApproved Report(int lines = 4)
    {
        var taskLines = Enumerable.Range(1, lines).Select(TaskLine).ToList();
        var billed = taskLines.Where(line => line.NonBillableReason is null).ToList();
        var adjustments = new List<ApprovedAdjustment> { new(1, "Скидка «ОБЪЁМ»", -50.00m, "Объём свыше 10 часов, согласовано с клиентом") };
        var total = billed.Sum(line => line.Amount) + adjustments.Sum(adjustment => adjustment.Amount);
        return new ReportApproved(
            ReportId: Guid.NewGuid(),
            ReportNumber: "R-2026-0007",
            CompanyId: Guid.NewGuid(),
            SnapshotHash: "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
            TimeEntryIds: [Guid.NewGuid()],
            ApprovedAt: new DateTimeOffset(2026, 10, 1, 14, 5, 0, TimeSpan.Zero),
            Invoice: new ApprovedInvoice(
                new DateOnly(2026, 9, 1),
                new DateOnly(2026, 9, 30),
                "BYN",
                total,
                [.. billed.Select(line => new ApprovedLine(line.No, line.Title, line.BilledMinutes, line.Rate ?? 0, line.Amount, true))]),
            Report: new ApprovedReport(
                Title: "Сентябрь 2026: поддержка и развитие",
                CompanyName: "Съёмка и Йога",
                ApprovedBy: "Анна Подъёмова",
                Lines: taskLines,
                Adjustments: adjustments,
                ActualHours: taskLines.Sum(line => line.ActualMinutes) / 60m,
                BilledHours: billed.Sum(line => line.BilledHours),
                NonBillableHours: taskLines.Where(line => line.NonBillableReason is not null).Sum(line => line.ActualMinutes) / 60m));
    }

    /// <summary>Every fourth line is not billed; the second has a long title; the third has no planner link.</summary>
    private static ApprovedTaskLine TaskLine(int no)
    {
        var minutes = 30 + no % 7 * 45;
        var billable = no % 4 != 0;
        var title = no switch
        {
            2 => LongTitle,
            _ => $"Ёмкий отчёт о съёмке №{no}: йога, подъём и объём",
        };
        return new ApprovedTaskLine(
            No: no,
            TaskKey: no == 3 ? null : $"CH-{100 + no}",
            Title: title,
            TaskUrl: no == 3 ? null : $"https://planner.clearhours.test/tasks/CH-{100 + no}",
            WorkType: no % 2 == 0 ? "Разработка" : "Аналитика",
            ActualMinutes: minutes,
            BilledMinutes: billable ? minutes : 0,
            BilledHours: billable ? minutes / 60m : 0,
            Rate: 80m,
            Amount: billable ? minutes / 60m * 80m : 0,
            NonBillableReason: billable ? null : "гарантийное исправление, объём съёмки не тарифицируется");
    }
}
