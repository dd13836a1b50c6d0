using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Catalog;
using Clearhours.Web.Components.Pages.Staff.Catalog;
using Microsoft.AspNetCore.Components.Forms;

namespace Clearhours.Web.Tests;

/// <summary>/import as the signed-in manager.</summary>
public sealed class ImportTests : IDisposable
{
    private readonly WebApp app = new();

    [Fact]
    public async Task The_import_page_offers_a_labelled_json_or_csv_file_input()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, page) = await browser.GetAsync("/import");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Импорт из планировщика", page.QuerySelector("h1")!.TextContent);
        var input = page.QuerySelector("input[type=file]#import-file")!;
        Assert.Contains(".csv", input.GetAttribute("accept"));
        Assert.Equal("Файл JSON или CSV", page.QuerySelector("label[for=import-file]")!.TextContent);
    }

    [Fact]
    public async Task An_accountant_is_refused_the_import()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (response, _) = await browser.GetAsync("/import");

        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
    }

    public void Dispose() => app.Dispose();
}

/// <summary>The import screen alone: the file sent as it is, then the result row by row.</summary>
public sealed class ImportScreenTests : CatalogComponentTest
{
    private const string Csv = "company_external_id,project_external_id,task_external_id,entry_external_id,person,work_date,minutes\n"
        + "acme,acme-web,t-1,e-1,anna,2026-10-05,90\nacme,acme-web,t-1,e-2,anna,2026-10-06,abc\n";

    private static ImportResult Result => new(new(1, 0, 0, 0), new(0, 1, 0, 0), new(1, 0, 0, 0), new(1, 0, 0, 1),
        [new RejectedRow("timeEntry", 3, "e-2", ["minutes: not a whole number", "work_date: the day is ahead"])]);

    [Fact]
    public void A_csv_file_is_sent_as_text_csv_and_its_result_shown_per_kind_with_each_rejected_line()
    {
        Gateway.Answer(HttpMethod.Post, "/api/import", HttpStatusCode.OK, Result);
        var screen = Render<Import>();

        screen.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Csv, "export.csv"));
        screen.FindAll("fluent-button").First(b => b.TextContent.Contains("Импортировать")).Click();

        screen.WaitForAssertion(() => screen.Find(".import-result"));
        var sent = Assert.Single(Gateway.Requests);
        Assert.Equal(("POST", "/api/import"), (sent.Method, sent.Path));
        Assert.Equal(Csv, sent.Body);
        Assert.Equal("Строка файла", screen.Find(".rejected th").TextContent.Trim());
        var rejected = screen.Find(".rejected tbody tr").TextContent;
        Assert.Contains("Запись времени", rejected);
        Assert.Contains("e-2", rejected);
        Assert.Contains("minutes: not a whole number", rejected);
        Assert.Contains("work_date: the day is ahead", rejected);
    }

    [Fact]
    public void A_file_the_api_cannot_read_is_shown_in_its_words_with_the_correlation_id()
    {
        Gateway.Problem(HttpMethod.Post, "/api/import", HttpStatusCode.UnsupportedMediaType, "Unsupported media type.", "corr-415");
        var screen = Render<Import>();

        screen.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("hello", "notes.txt"));
        screen.FindAll("fluent-button").First(b => b.TextContent.Contains("Импортировать")).Click();

        screen.WaitForAssertion(() => Assert.Contains("Unsupported media type.", screen.Find(".notice.error").TextContent));
        Assert.Contains("corr-415", screen.Find(".notice.error").TextContent);
        Assert.Empty(screen.FindAll(".import-result"));
    }
}

public sealed class ImportMediaTypeTests
{
    [Theory]
    [InlineData("export.CSV", "application/vnd.ms-excel", "text/csv")]
    [InlineData("export.json", "", "application/json")]
    [InlineData("notes.txt", "text/plain", "text/plain")]
    public void A_file_goes_as_its_extension_says_or_else_as_the_browser_typed_it(string name, string browserType, string sent) =>
        Assert.Equal(sent, Import.MediaTypeOf(name, browserType));
}

/// <summary>The import result alone: counts per kind, their totals, the rejected rows.</summary>
public sealed class ImportResultViewTests : CatalogComponentTest
{
    [Fact]
    public void Each_kind_shows_its_created_updated_unchanged_and_rejected_rows_and_the_totals_add_them()
    {
        var view = Render<ImportResultView>(p => p.Add(v => v.Result, new ImportResult(
            new(2, 1, 0, 0), new(0, 1, 3, 0), new(4, 0, 0, 1), new(10, 2, 5, 2),
            [new RejectedRow("task", 2, "t-9", ["Unknown work type."]), new RejectedRow("timeEntry", 7, null, ["Names a rejected task."])])));

        var rows = view.FindAll(".counts tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.Equal(["Клиенты", "2", "1", "0", "0"], rows[0]);
        Assert.Equal(["Проекты", "0", "1", "3", "0"], rows[1]);
        Assert.Equal(["Задачи", "4", "0", "0", "1"], rows[2]);
        Assert.Equal(["Записи времени", "10", "2", "5", "2"], rows[3]);
        Assert.Equal(["Всего", "16", "4", "8", "3"], view.FindAll(".counts tfoot tr th, .counts tfoot tr td").Select(c => c.TextContent));
        Assert.Contains("Отклонённые строки: 2", view.Find("h3").TextContent);
        Assert.Equal("№ в списке", view.Find(".rejected th").TextContent.Trim());
        Assert.Contains("Unknown work type.", view.Markup);
        Assert.Contains("Names a rejected task.", view.Markup);
    }

    [Fact]
    public void An_import_without_rejected_rows_says_every_row_was_accepted()
    {
        var view = Render<ImportResultView>(p => p.Add(v => v.Result, new ImportResult(new(0, 0, 1, 0), new(0, 0, 1, 0), new(0, 0, 1, 0), new(0, 0, 1, 0), [])));

        Assert.Equal("Все строки приняты.", view.Find(".notice.ok").TextContent);
        Assert.Empty(view.FindAll(".rejected"));
    }
}
