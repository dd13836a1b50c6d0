using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearhours.Billing.Model;
using Clearhours.Billing.Tests.Http;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests;

/// <summary>POST /api/payments/statements: a bank statement (1C exchange format or CSV), read whole, then taken in line by line.</summary>
public sealed class StatementPaymentSourceTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>The data file is in windows-1251, as banks export it.</summary>
    private static readonly Encoding Windows1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;

    private BillingApp _app = null!;
    private Invoice _first = null!;
    private Invoice _second = null!;
    private Invoice _third = null!;

    public async Task InitializeAsync()
    {
        _app = await BillingApp.StartAsync(servers);
        // The numbers and references the files name: СЧ-2026-0101 (RF582026000101), RF312026000102, RF042026000103.
        _first = await IssueAsync(1000m, 101);
        _second = await IssueAsync(1500m, 102);
        _third = await IssueAsync(500m, 103);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("windows-1251")]
    [InlineData("utf-8")]
    public async Task A_1C_statement_is_applied_line_by_line_and_its_debit_is_ignored(string encoding)
    {
        var file = await File.ReadAllBytesAsync(Path.Combine(DataDirectory, "kl_to_1c.txt"));
        if (encoding == "utf-8")
        {
            file = Encoding.UTF8.GetBytes(Windows1251.GetString(file));
        }

        var answer = await UploadAsync(file, asForm: true);

        Assert.Equal((3, 1, 0, 1), Counts(answer));
        Assert.Equal(
        [
            (21, "Matched", "1043/01.12.2026/BY20AKBB30120000000000000001", 1000.00m),
            (44, "Matched", "77/30.11.2026/BY44BPSB30121234567890000000", 400.00m),
            (60, "Ignored", null, null),
            (74, "Unmatched", "15/01.12.2026/BY86PJCB30120000000000000015", 250.00m),
            (88, "Matched", "3310/01.12.2026/BY20AKBB30120000000000000001", 500.00m),
        ], Lines(answer).Select(l => (l.Line, l.Outcome, l.ExternalId, l.Amount)));
        Assert.Contains("debit", Lines(answer)[2].Reason);
        Assert.Contains("п/п 15", Lines(answer)[3].Reason);
        await AssertPaidAsync(1000m, 400m, 500m);
        await using var db = _app.NewDbContext();
        var payment = await db.Payments.SingleAsync(p => p.ExternalId.StartsWith("1043/"));
        Assert.Equal(("statement", "ООО \"Акме\"", "BY20AKBB30120000000000000001", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "BYN"),
            (payment.Source, payment.PayerName, payment.PayerAccount, payment.PaidAt, payment.Currency));
    }

    [Fact]
    public async Task The_same_statement_uploaded_again_changes_nothing_and_says_each_line_is_a_duplicate()
    {
        var file = await File.ReadAllBytesAsync(Path.Combine(DataDirectory, "kl_to_1c.txt"));
        await UploadAsync(file, asForm: true);

        var again = await UploadAsync(file, asForm: false);

        Assert.Equal((0, 0, 4, 1), Counts(again));
        await AssertPaidAsync(1000m, 400m, 500m);
        await using var db = _app.NewDbContext();
        Assert.Equal(4, await db.Payments.CountAsync());
    }

    [Fact]
    public async Task A_CSV_statement_is_applied_row_by_row()
    {
        var answer = await UploadAsync(await File.ReadAllBytesAsync(Path.Combine(DataDirectory, "statement.csv")), asForm: false);

        Assert.Equal((2, 1, 0, 0), Counts(answer));
        Assert.Equal([2, 3, 4], Lines(answer).Select(l => l.Line));
        await AssertPaidAsync(1000m, 400m, 0m);
        await using var db = _app.NewDbContext();
        Assert.Equal("ООО \"Акме\"", (await db.Payments.SingleAsync(p => p.ExternalId == "ALFA-2026-12-01-0001")).PayerName);
    }

    [Theory]
    [InlineData("truncated", "Line 91: The file ends inside the document")]
    [InlineData("no-end-of-file", "without КонецФайла")]
    [InlineData("garbled", "Line 51: Expected Ключ=Значение")]
    [InlineData("nested", "Line 58: A new document begins before the one on line 44 ends")]
    [InlineData("amount", "Line 44: The amount '4OO.00'")]
    [InlineData("date", "Line 44: The date '30/11/2026'")]
    [InlineData("no-amount", "Line 44: The document has no Сумма")]
    [InlineData("csv-header", "Line 1: Neither a 1C statement")]
    [InlineData("csv-amount", "Line 3: The amount '400,00'")]
    [InlineData("csv-fields", "Line 4: 6 fields")]
    [InlineData("csv-currency", "Line 2: Not a payment: currency")]
    [InlineData("csv-quote", "Line 3: A quoted field is not closed")]
    [InlineData("csv-negative", "Line 4: The amount '-250.00'")]
    [InlineData("binary", "Line 1: Neither a 1C statement")]
    public async Task A_truncated_or_garbled_statement_is_refused_naming_the_line_and_nothing_of_it_is_applied(string damage, string reason)
    {
        var oneC = Encoding.UTF8.GetString(Encoding.Convert(Windows1251, Encoding.UTF8,
            await File.ReadAllBytesAsync(Path.Combine(DataDirectory, "kl_to_1c.txt"))));
        var csv = await File.ReadAllTextAsync(Path.Combine(DataDirectory, "statement.csv"));
        var file = damage switch
        {
            "truncated" => oneC[..oneC.IndexOf("Сумма=500.00", StringComparison.Ordinal)],
            "no-end-of-file" => oneC.Replace("КонецФайла", ""),
            "garbled" => oneC.Replace("ПлательщикБанк1=ОАО \"Сбер Банк\"", "ПлательщикБанк1 ОАО \"Сбер Банк\""),
            "nested" => oneC.Replace("НазначениеПлатежа=Частичная оплата услуг, ссылка RF31 2026 0001 02. Без НДС\r\nКонецДокумента\r\n", ""),
            "amount" => oneC.Replace("Сумма=400.00", "Сумма=4OO.00"),
            "date" => oneC.Replace("Дата=30.11.2026", "Дата=30/11/2026"),
            "no-amount" => oneC.Replace("Сумма=400.00\r\n", ""),
            "csv-header" => csv.Replace("payerName", "payer"),
            "csv-amount" => csv.Replace(",400,", ",\"400,00\","),
            "csv-fields" => csv.Replace("BY86PJCB30120000000000000015,", ""),
            "csv-currency" => csv.Replace("1000.00,BYN", "1000.00,XXQ"),
            "csv-quote" => csv.Replace("ИП Петров", "\"ИП Петров"),
            "csv-negative" => csv.Replace("250.00", "-250.00"),
            _ => "\u0000\u0001\u0002PK\u0003\u0004 not a statement",
        };
        Assert.NotEqual(damage.StartsWith("csv", StringComparison.Ordinal) ? csv : oneC, file);

        using var response = await PostAsync(Encoding.UTF8.GetBytes(file), asForm: damage.Length % 2 == 0, BillingStaff.Token("accountant"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains(reason, message);
        await AssertPaidAsync(0m, 0m, 0m);
        await using var db = _app.NewDbContext();
        Assert.False(await db.Payments.AnyAsync());
    }

    [Fact]
    public async Task Only_an_accountant_or_admin_uploads_a_statement()
    {
        var file = await File.ReadAllBytesAsync(Path.Combine(DataDirectory, "statement.csv"));

        using var anonymous = await PostAsync(file, asForm: false, token: null);
        using var manager = await PostAsync(file, asForm: false, BillingStaff.Token("manager"));
        using var admin = await PostAsync(file, asForm: false, BillingStaff.Token("admin"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK), (anonymous.StatusCode, manager.StatusCode, admin.StatusCode));
        await AssertPaidAsync(1000m, 400m, 0m);
    }

    private async Task<Invoice> IssueAsync(decimal total, int sequence)
    {
        var invoice = InvoiceTests.Issued(total: total, sequence: sequence);
        await using var db = _app.NewDbContext();
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    }

    private async Task AssertPaidAsync(decimal first, decimal second, decimal third)
    {
        var paid = new List<decimal>();
        foreach (var invoice in new[] { _first, _second, _third })
        {
            paid.Add((await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
        }

        Assert.Equal([first, second, third], paid);
    }

    private async Task<JsonElement> UploadAsync(byte[] file, bool asForm)
    {
        using var response = await PostAsync(file, asForm, BillingStaff.Token("accountant"));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] file, bool asForm, string? token)
    {
        using var client = _app.Service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/statements?currency=BYN");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Content = asForm ? new MultipartFormDataContent { { content, "file", "statement.txt" } } : content;
        return await client.SendAsync(request);
    }

    private static (int, int, int, int) Counts(JsonElement answer) =>
        (answer.GetProperty("matched").GetInt32(), answer.GetProperty("unmatched").GetInt32(),
            answer.GetProperty("duplicate").GetInt32(), answer.GetProperty("ignored").GetInt32());

    private static List<(int Line, string Outcome, string? ExternalId, decimal? Amount, string? Reason)> Lines(JsonElement answer) =>
    [
        .. answer.GetProperty("lines").EnumerateArray().Select(l => (
            l.GetProperty("line").GetInt32(), l.GetProperty("outcome").GetString()!, l.GetProperty("externalId").GetString(),
            l.GetProperty("amount").ValueKind == JsonValueKind.Null ? (decimal?)null : l.GetProperty("amount").GetDecimal(),
            l.GetProperty("reason").GetString())),
    ];
}
