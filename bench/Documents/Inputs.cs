using Bogus;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Documents.Rendering;
using SkiaSharp;

namespace Clearhours.Bench.Documents;

/// <summary>
/// What the Documents service draws from, made up the way agencies' data looks: Russian requisites, names and task
/// titles (with «Ё», and Ukrainian clients with «Ї»), a few lines per invoice, 300 task lines per big report, and
/// logos as uploads make them (an SVG rasterized to 600 pixels a side, a PNG upload of 1200).
/// </summary>
internal sealed class Inputs(int seed)
{
    private static readonly string[] Currencies = ["BYN", "BYN", "RUB", "USD", "EUR"];
    private static readonly string[] WorkTypes = ["Разработка", "Аналитика", "Тестирование", "Дизайн", "Поддержка", "Управление проектом"];
    private static readonly string[] Verbs =
        ["Доработка", "Подъём версии", "Исправление", "Перенос", "Настройка", "Объединение", "Разбор", "Проверка", "Ускорение", "Съёмка макетов"];

    private static readonly decimal[] Rates = [45m, 60m, 75m, 80m, 95m, 120m];

    private readonly Faker _ru = new("ru") { Random = new Randomizer(seed) };
    private readonly Faker _uk = new("uk") { Random = new Randomizer(seed + 1) };
    private int _invoiceNumber;

    /// <summary>Four agencies: three Russian (two logos, one without), one English-speaking.</summary>
    public IReadOnlyList<Letterhead> Agencies() =>
    [
        Agency(DocumentLanguage.Russian, Logo(600, 200, photo: false)),
        Agency(DocumentLanguage.Russian, Logo(1200, 400, photo: true)),
        Agency(DocumentLanguage.Russian, null),
        Agency(DocumentLanguage.English, Logo(600, 180, photo: false)),
    ];

    /// <summary>An invoice of 2 to 12 lines: mostly billed work, now and then an unbilled fix or a discount of a few per cent.</summary>
    public InvoiceIssued Invoice()
    {
        var number = ++_invoiceNumber;
        var f = _ru;
        var rate = f.PickRandom(Rates);
        var lines = new List<IssuedLine>();
        var count = f.Random.Int(2, 12);
        for (var no = 1; no <= count; no++)
        {
            var minutes = f.Random.Int(2, 320) * 15;
            var billable = no == 1 || f.Random.Bool(0.9f);
            lines.Add(new IssuedLine(no, $"{f.PickRandom(WorkTypes)}: {TaskTitle()}", minutes, rate,
                billable ? Math.Round(minutes / 60m * rate, 2) : 0m, billable));
        }

        if (f.Random.Bool(0.15f))
        {
            var discount = Math.Round(lines.Sum(line => line.Amount) * f.Random.Int(3, 10) / 100m, 2);
            lines.Add(new IssuedLine(lines.Count + 1, $"Скидка «{f.Commerce.Department()}»", 0, 0m, -discount, true));
        }

        var month = f.Random.Int(0, 23);
        var from = new DateOnly(2025, 1, 1).AddMonths(month);
        var to = from.AddMonths(1).AddDays(-1);
        var issuedOn = to.AddDays(1);
        return new InvoiceIssued(
            Guid.NewGuid(),
            $"INV-{from.Year}-{number:0000}",
            Guid.NewGuid(),
            lines.Sum(line => line.Amount),
            f.PickRandom(Currencies),
            issuedOn.AddDays(14),
            new DateTimeOffset(issuedOn.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero),
            new IssuedInvoice($"R-{from.Year}-{number:0000}", issuedOn, from, to, $"CH-{from.Year}-{number:0000}-{f.Random.Int(1, 9)}", Client(), lines));
    }

    /// <summary>A report of the given number of task lines, every tenth not billed, with a discount and an extra.</summary>
    public ReportApproved Report(int lineCount)
    {
        var f = _ru;
        var currency = f.PickRandom(Currencies);
        var lines = Enumerable.Range(1, lineCount).Select(no =>
        {
            var minutes = f.Random.Int(1, 64) * 15;
            var billable = no % 10 != 0;
            var rate = f.PickRandom(Rates);
            var key = $"CH-{f.Random.Int(100, 9999)}";
            var billedHours = billable ? minutes / 60m : 0m;
            return new ApprovedTaskLine(
                no, key, TaskTitle(), $"https://planner.clearhours.test/tasks/{key}", f.PickRandom(WorkTypes), minutes,
                billable ? minutes : 0, billedHours, rate, Math.Round(billedHours * rate, 2),
                billable ? null : $"гарантийное исправление: {f.Lorem.Sentence(4)}");
        }).ToList();
        var adjustments = new List<ApprovedAdjustment>
        {
            new(1, $"Скидка «{f.Commerce.Department()}»", -f.Random.Int(5, 50) * 10m, "Объём свыше 100 часов, согласовано с клиентом"),
            new(2, "Срочный выезд в выходной день", f.Random.Int(5, 30) * 10m, f.Lorem.Sentence(6)),
        };
        var billed = lines.Where(line => line.NonBillableReason is null).ToList();
        var total = billed.Sum(line => line.Amount) + adjustments.Sum(adjustment => adjustment.Amount);
        var from = new DateOnly(2026, 9, 1);
        return new ReportApproved(
            Guid.NewGuid(),
            $"R-2026-{f.Random.Int(1, 9999):0000}",
            Guid.NewGuid(),
            Convert.ToHexStringLower(f.Random.Bytes(32)),
            [.. Enumerable.Range(0, lineCount * 3).Select(_ => Guid.NewGuid())],
            new DateTimeOffset(2026, 10, 1, 14, 5, 0, TimeSpan.Zero),
            new ApprovedInvoice(from, from.AddMonths(1).AddDays(-1), currency, total,
                [.. billed.Select(line => new ApprovedLine(line.No, line.Title, line.BilledMinutes, line.Rate ?? 0m, line.Amount, true))]),
            new ApprovedReport(
                $"Сентябрь 2026: {f.Commerce.Department()}, поддержка и развитие",
                Client().Name,
                f.Name.FullName(),
                lines,
                adjustments,
                lines.Sum(line => line.ActualMinutes) / 60m,
                billed.Sum(line => line.BilledHours),
                lines.Where(line => line.NonBillableReason is not null).Sum(line => line.ActualMinutes) / 60m));
    }

    private Letterhead Agency(DocumentLanguage language, byte[]? logo)
    {
        var f = _ru;
        return new Letterhead(
            $"ООО «{CompanyName(f)}»",
            f.Random.ReplaceNumbers("19#######"),
            $"{f.Address.ZipCode()}, г. {f.Address.City()}, {f.Address.StreetAddress()}, офис {f.Random.Int(1, 400)}",
            $"ОАО «{CompanyName(f)} Банк»",
            f.Random.ReplaceNumbers("BY##PJCB3012############"),
            "PJCBBY2X",
            f.Name.FullName(),
            "Генеральный директор",
            $"#{f.Random.Int(0, 0xffffff):x6}",
            language,
            logo);
    }

    /// <summary>One client in four is Ukrainian (ТОВ, «Ї»): the font must draw its letters too.</summary>
    private InvoiceParty Client()
    {
        var ukrainian = _ru.Random.Bool(0.25f);
        var f = ukrainian ? _uk : _ru;
        var name = CompanyName(f);
        return new InvoiceParty(
            name,
            ukrainian ? $"ТОВ «{name}, Київ»" : $"ООО «{name}»",
            f.Random.ReplaceNumbers("#########"),
            $"{f.Address.City()}, {f.Address.StreetAddress()}",
            ukrainian ? "АТ «Їжакбанк»" : "ЗАО «Альфа-Банк»",
            f.Random.ReplaceNumbers("BY##ALFA30122###############"),
            "ALFABY2X");
    }

    /// <summary>A company name; Bogus joins three surnames with the English "and" in every locale.</summary>
    private static string CompanyName(Faker f) => f.Company.CompanyName().Replace(" and ", f.Locale == "uk" ? " і " : " и ", StringComparison.Ordinal);

    private string TaskTitle() =>
        $"{_ru.PickRandom(Verbs)} {_ru.Commerce.ProductName().ToLowerInvariant()}: {_ru.Lorem.Sentence(_ru.Random.Int(2, 7)).TrimEnd('.')}";

    /// <summary>
    /// A logo as an upload makes it: shapes on a transparent ground (a rasterized SVG), or over a gradient (a photo-like
    /// PNG, which compresses far worse).
    /// </summary>
    private byte[] Logo(int width, int height, bool photo)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var paint = new SKPaint { IsAntialias = true };
        if (photo)
        {
            paint.Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(width, height), [new SKColor(0x0f, 0x76, 0x6e), new SKColor(0xf5, 0xe0, 0xb0)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
            paint.Shader = null;
            for (var i = 0; i < 400; i++)
            {
                paint.Color = new SKColor((byte)_ru.Random.Int(0, 255), (byte)_ru.Random.Int(0, 255), (byte)_ru.Random.Int(0, 255), 60);
                canvas.DrawCircle(_ru.Random.Float(0, width), _ru.Random.Float(0, height), _ru.Random.Float(2, height / 6f), paint);
            }
        }

        paint.Color = new SKColor(0x1f, 0x4e, 0x79);
        canvas.DrawCircle(height / 2f, height / 2f, height * 0.42f, paint);
        paint.Color = new SKColor(0xe8, 0x6a, 0x1c);
        canvas.DrawRoundRect(height * 1.1f, height * 0.2f, width - height * 1.3f, height * 0.25f, 12, 12, paint);
        canvas.DrawRoundRect(height * 1.1f, height * 0.55f, (width - height * 1.3f) * 0.6f, height * 0.25f, 12, 12, paint);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
