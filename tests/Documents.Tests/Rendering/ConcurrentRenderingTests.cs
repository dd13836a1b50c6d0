using Clearhours.Documents.Rendering;

namespace Clearhours.Documents.Tests.Rendering;

public sealed class ConcurrentRenderingTests
{
    [Fact]
    public async Task Documents_drawn_at_the_same_time_on_many_threads_all_come_out_whole()
    {
        var issued = Samples.Invoice();
        var approved = Samples.Report(lines: 30);

        var drawn = await Task.WhenAll(Enumerable.Range(0, 12).Select(n => Task.Run(() => (n % 3) switch
        {
            0 => (Total: "Итого к оплате: 1 234,50 BYN", Pdf: DocumentPdfs.Invoice(Samples.Agency(), issued)),
            1 => (Total: "Всего оказано услуг на сумму: 1 234,50 BYN", Pdf: DocumentPdfs.Act(Samples.Agency(), issued)),
            _ => (Total: "Сумма к оплате: 4 830,00 BYN", Pdf: DocumentPdfs.ReportDetail(Samples.Agency(), approved)),
        })));

        Assert.All(drawn.Select((document, n) => (document.Total, Pdf: RenderedPdf.Of(document.Pdf, $"concurrent-{n}"))), document =>
        {
            Assert.Equal(0, document.Pdf.Qpdf().ExitCode);
            document.Pdf.Shows(document.Total);
        });
    }
}
