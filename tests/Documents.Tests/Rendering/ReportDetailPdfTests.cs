using Clearhours.Contracts.Reporting;
using Clearhours.Documents.Rendering;
using Xunit.Abstractions;

namespace Clearhours.Documents.Tests.Rendering;

public sealed class ReportDetailPdfTests(ITestOutputHelper output)
{
    [Fact]
    public void The_report_detail_prints_every_task_line_its_totals_the_hash_and_the_approval_in_Russian()
    {
        var approved = Samples.Report();
        var report = approved.Report!;

        var pdf = RenderedPdf.Of(DocumentPdfs.ReportDetail(Samples.Agency(), approved), "report-detail");

        pdf.Shows("ООО «Объёмные Решения»");
        pdf.Shows("Детализация отчёта № R-2026-0007");
        pdf.Shows("Клиент: Съёмка и Йога");
        pdf.Shows("с 01.09.2026 по 30.09.2026");
        pdf.Shows(Samples.LongTitle);
        foreach (var line in report.Lines)
        {
            pdf.Shows(line.TaskKey is null ? line.Title : $"{line.TaskKey} {line.Title}");
        }

        pdf.Shows("Не оплачивается: гарантийное исправление, объём съёмки не тарифицируется");
        pdf.Shows("Скидка «ОБЪЁМ»");
        pdf.Shows("-50,00");
        pdf.Shows("Фактически затрачено, ч: 9,50");
        pdf.Shows("К оплате, ч: 6,00");
        pdf.Shows("Не оплачивается, ч: 3,50");
        pdf.Shows("Сумма к оплате: 430,00 BYN");
        pdf.Shows("Утверждено: Анна Подъёмова, 01.10.2026 14:05 UTC");
        pdf.Shows(approved.SnapshotHash);
        pdf.Shows("стр. 1 из 1");
        output.WriteLine($"Report detail, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void The_task_lines_with_a_planner_link_are_link_annotations_over_their_key_and_title()
    {
        var approved = Samples.Report();

        var pdf = RenderedPdf.Of(DocumentPdfs.ReportDetail(Samples.Agency(), approved), "report-detail-links");

        var linked = approved.Report!.Lines.Where(line => line.TaskUrl is not null).ToList();
        Assert.Equal(linked.Select(line => line.TaskUrl), pdf.Links.Select(link => link.Uri));
        foreach (var (line, link) in linked.Zip(pdf.Links))
        {
            Assert.StartsWith(RenderedPdf.Squashed($"{line.TaskKey} {line.Title}"), RenderedPdf.Squashed(link.Text));
        }
    }

    [Fact]
    public void A_300_line_report_runs_over_several_pages_each_with_the_table_header_and_its_number()
    {
        var approved = Samples.Report(lines: 300);

        var pdf = RenderedPdf.Of(DocumentPdfs.ReportDetail(Samples.Agency(), approved), "report-detail-300");

        Assert.True(pdf.Pages.Count >= 5, $"{pdf.Pages.Count} pages");
        var header = RenderedPdf.Squashed("№ Задача Вид работ Факт, ч К оплате, ч Ставка, BYN Сумма, BYN");
        for (var page = 1; page <= pdf.Pages.Count; page++)
        {
            var text = pdf.Pages[page - 1];
            Assert.Contains(header, RenderedPdf.Squashed(text));
            Assert.Contains($"стр. {page} из {pdf.Pages.Count}", text);
        }

        Assert.Equal(299, pdf.Links.Count); // every line but the third has a planner link
        Assert.Equal("https://planner.clearhours.test/tasks/CH-400", pdf.Links[^1].Uri);
        Assert.Equal(pdf.Pages.Count, pdf.Links[^1].Page);
        pdf.Shows("CH-400 Ёмкий отчёт о съёмке №300: йога, подъём и объём");
        pdf.Shows("Сумма к оплате: 49 450,00 BYN");
        Assert.Contains("49 450,00 BYN", pdf.Text); // grouped by a (no-break) space, with a decimal comma
        output.WriteLine($"300-line report, page 2: {pdf.Png(2)}");
    }

    [Fact]
    public void An_English_letterhead_prints_the_report_detail_in_English_with_English_numbers()
    {
        var pdf = RenderedPdf.Of(DocumentPdfs.ReportDetail(Samples.Agency(DocumentLanguage.English), Samples.Report(lines: 40)), "report-detail-en");

        pdf.Shows("Report detail No. R-2026-0007");
        pdf.Shows("Period: 1 September 2026 to 30 September 2026");
        pdf.Shows("Approved: Анна Подъёмова, 1 October 2026 14:05 UTC");
        pdf.Shows("Amount due: 6,490.00 BYN");
        Assert.Contains("6,490.00 BYN", pdf.Text);
        pdf.Shows("page 1 of 3");
        output.WriteLine($"English report detail, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void A_ReportApproved_without_its_snapshot_is_refused_with_a_clear_message()
    {
        var old = Samples.Report() with { Report = null };

        var error = Assert.Throws<ArgumentException>(() => DocumentPdfs.ReportDetail(Samples.Agency(), old));

        Assert.Contains("R-2026-0007", error.Message);
        Assert.Contains("no snapshot", error.Message);
    }

    [Fact]
    public void The_report_detail_passes_qpdf_check_and_embeds_its_fonts()
    {
        var pdf = RenderedPdf.Of(DocumentPdfs.ReportDetail(Samples.Agency(), Samples.Report(lines: 60)), "report-detail-check");

        Checks.QpdfAndFonts(pdf);
    }

    [Fact]
    public void Titles_in_other_scripts_with_emoji_tabs_and_words_wider_than_their_column_still_draw()
    {
        var approved = Samples.Report();
        var report = approved.Report!;
        var odd = report.Lines[0] with
        {
            Title = "部署 🚀 Ελληνικά\tТАБ\r\nСтрока " + new string('Ъ', 120),
            TaskUrl = "https://planner.clearhours.test/tasks/" + new string('x', 300),
        };
        approved = approved with { Report = report with { Lines = [odd, .. report.Lines.Skip(1)] } };

        var pdf = RenderedPdf.Of(DocumentPdfs.ReportDetail(Samples.Agency(), approved), "report-detail-odd");

        pdf.Shows("Ελληνικά ТАБ");
        pdf.Shows(new string('Ъ', 120));
        Assert.Equal(odd.TaskUrl, pdf.Links[0].Uri);
        Assert.Equal(0, pdf.Qpdf().ExitCode);
        output.WriteLine($"Odd titles, page 1: {pdf.Png(1)}");
    }
}
