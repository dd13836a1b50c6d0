using Clearhours.Documents.Rendering;
using Xunit.Abstractions;

namespace Clearhours.Documents.Tests.Rendering;

public sealed class ActPdfTests(ITestOutputHelper output)
{
    [Fact]
    public void The_act_prints_both_parties_the_period_the_services_the_totals_the_no_claims_sentence_and_two_signature_blocks()
    {
        var issued = Samples.Invoice();

        var pdf = RenderedPdf.Of(DocumentPdfs.Act(Samples.Agency(), issued), "act");

        pdf.Shows("Акт выполненных работ (оказанных услуг) № R-2026-0007");
        pdf.Shows("к счёту № INV-2026-0042 от 01.10.2026");
        pdf.Shows("Исполнитель: ООО «Объёмные Решения», УНП 190123456");
        pdf.Shows("Заказчик: ЧУП «Съёмка и Йога», УНП 191234567");
        pdf.Shows("Период оказания услуг: с 01.09.2026 по 30.09.2026");
        pdf.Shows("1 Разработка: подъём API «Ёлка» на новую версию 11,50 75,00 862,50");
        pdf.Shows("3 Исправление ошибки после релиза (гарантия) без оплаты 1,50 75,00 0,00");
        pdf.Shows("0,00 Итого: 1 234,50 BYN Всего оказано услуг на сумму: 1 234,50 BYN");
        pdf.Shows("Сумма прописью: Одна тысяча двести тридцать четыре белорусских рубля 50 копеек");
        pdf.Shows("Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.");
        pdf.Shows("Исполнитель ООО «Объёмные Решения» Генеральный директор ______________________ / Ёлкин Йозеф Петрович / М.П.");
        pdf.Shows("Заказчик ЧУП «Съёмка и Йога» ______________________ / ______________________ /");
        pdf.Shows("стр. 1 из 1");
        output.WriteLine($"Act, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void An_English_letterhead_prints_the_act_in_English()
    {
        var pdf = RenderedPdf.Of(DocumentPdfs.Act(Samples.Agency(DocumentLanguage.English), Samples.Invoice()), "act-en");

        pdf.Shows("Act of completed works (services rendered) No. R-2026-0007");
        pdf.Shows("to invoice No. INV-2026-0042 dated 1 October 2026");
        pdf.Shows("Service period: 1 September 2026 to 30 September 2026");
        pdf.Shows("Services rendered in total: 1,234.50 BYN");
        pdf.Shows("The Customer has no claims as to their scope, quality or timing.");
        pdf.Shows("L.S.");
        output.WriteLine($"English act, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void The_act_passes_qpdf_check_and_embeds_its_fonts() =>
        Checks.QpdfAndFonts(RenderedPdf.Of(DocumentPdfs.Act(Samples.Agency(), Samples.Invoice()), "act-check"));
}
