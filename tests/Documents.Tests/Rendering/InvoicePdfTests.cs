using Clearhours.Documents.Rendering;
using Xunit.Abstractions;

namespace Clearhours.Documents.Tests.Rendering;

public sealed class InvoicePdfTests(ITestOutputHelper output)
{
    [Fact]
    public void The_invoice_prints_both_parties_the_lines_the_total_in_figures_and_words_the_reference_and_the_due_date()
    {
        var issued = Samples.Invoice();

        var pdf = RenderedPdf.Of(DocumentPdfs.Invoice(Samples.Agency(), issued), "invoice");

        pdf.Shows("Счёт на оплату № INV-2026-0042 от 01.10.2026");
        pdf.Shows("Поставщик: ООО «Объёмные Решения», УНП 190123456");
        pdf.Shows("220030, г. Минск, ул. Подъёмная, д. 7, офис 12");
        pdf.Shows("р/с BY20PJCB30120123451000000933 в ОАО «Приорбанк», БИК PJCBBY2X");
        Assert.Contains("в ОАО «Приорбанк», БИК PJCBBY2X", pdf.Text);
        pdf.Shows("Плательщик: ЧУП «Съёмка и Йога», УНП 191234567");
        pdf.Shows("р/с BY04ALFA30122000000000000000 в ЗАО «Альфа-Банк», БИК ALFABY2X");
        pdf.Shows("Основание: отчёт № R-2026-0007 за период с 01.09.2026 по 30.09.2026");
        pdf.Shows("1 Разработка: подъём API «Ёлка» на новую версию 11,50 75,00 862,50");
        pdf.Shows("2 Аналитика: объём работ по разделу «Йогурты» 4,00 93,00 372,00");
        pdf.Shows("3 Исправление ошибки после релиза (гарантия) без оплаты 1,50 75,00 0,00");
        pdf.Shows("Итого: 1 234,50 BYN");
        pdf.Shows("Итого к оплате: 1 234,50 BYN");
        Assert.Contains("Итого к оплате: 1 234,50 BYN", pdf.Text);
        pdf.Shows("Сумма прописью: Одна тысяча двести тридцать четыре белорусских рубля 50 копеек");
        pdf.Shows($"Сумма прописью: {AmountInWords.Of(issued.Amount, issued.Currency, DocumentLanguage.Russian)}");
        pdf.Shows("Назначение платежа / код: CH-2026-0042-7");
        pdf.Shows("Оплатить до: 15.10.2026");
        pdf.Shows("Генеральный директор ______________________ / Ёлкин Йозеф Петрович /");
        pdf.Shows("стр. 1 из 1");
        output.WriteLine($"Invoice, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void A_discount_line_prints_its_sum_with_neither_hours_nor_rate()
    {
        var issued = Samples.Invoice();
        issued = issued with
        {
            Amount = 1184.50m,
            Details = issued.Details! with { Lines = [.. issued.Details.Lines, new(4, "Скидка «ОБЪЁМ»", 0, 0m, -50.00m, Billable: true)] },
        };

        var pdf = RenderedPdf.Of(DocumentPdfs.Invoice(Samples.Agency(), issued), "invoice-discount");

        pdf.Shows("4 Скидка «ОБЪЁМ» -50,00");
        pdf.Shows("Итого к оплате: 1 184,50 BYN");
        output.WriteLine($"Invoice with a discount, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void An_English_letterhead_prints_the_invoice_in_English_with_English_numbers_and_dates()
    {
        var pdf = RenderedPdf.Of(DocumentPdfs.Invoice(Samples.Agency(DocumentLanguage.English), Samples.Invoice()), "invoice-en");

        pdf.Shows("Invoice No. INV-2026-0042 dated 1 October 2026");
        pdf.Shows("Supplier: ООО «Объёмные Решения», Tax ID 190123456");
        pdf.Shows("Total due: 1,234.50 BYN");
        Assert.Contains("Total due: 1,234.50 BYN", pdf.Text);
        pdf.Shows("Amount in words: One thousand two hundred thirty-four Belarusian rubles 50 kopecks");
        pdf.Shows("Pay by: 15 October 2026");
        pdf.Shows("page 1 of 1");
        output.WriteLine($"English invoice, page 1: {pdf.Png(1)}");
    }

    [Fact]
    public void An_InvoiceIssued_without_its_details_is_refused_with_a_clear_message()
    {
        var old = Samples.Invoice() with { Details = null };

        var error = Assert.Throws<ArgumentException>(() => DocumentPdfs.Invoice(Samples.Agency(), old));

        Assert.Contains("INV-2026-0042", error.Message);
        Assert.Contains("no details", error.Message);
    }

    [Fact]
    public void The_invoice_passes_qpdf_check_and_embeds_its_fonts() =>
        Checks.QpdfAndFonts(RenderedPdf.Of(DocumentPdfs.Invoice(Samples.Agency(), Samples.Invoice()), "invoice-check"));

    [Fact]
    public void A_payer_known_only_by_name_is_printed_by_name_alone()
    {
        var issued = Samples.Invoice();
        issued = issued with
        {
            Details = issued.Details! with { Client = new("Йога-студия «Ъ»", "", null, null, null, null, null) },
        };

        var pdf = RenderedPdf.Of(DocumentPdfs.Invoice(Samples.Agency(), issued), "invoice-payer-by-name");

        pdf.Shows("Плательщик: Йога-студия «Ъ» Основание: отчёт № R-2026-0007");
    }
}
