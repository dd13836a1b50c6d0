using System.Net;
using System.Net.Http.Json;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Billing.Tests.Http;

/// <summary>A company's credit ledger over HTTP: what overpayments left, per currency, and every movement.</summary>
public sealed class CreditsApiTests(ServersFixture servers) : BillingApiTests(servers)
{
    [Fact]
    public async Task Overpayments_show_as_the_companys_credit_per_currency_with_each_movement_and_other_companies_stay_apart()
    {
        var company = Guid.NewGuid();
        var byn = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1), companyId: company);
        var rub = await Staff.IssueAsync(500m, new DateOnly(2026, 12, 1), companyId: company, currency: "RUB");
        var other = await Staff.IssueAsync(100m, new DateOnly(2026, 12, 1));
        await PayAsync("PP-1", byn.Number, 1200.50m, "BYN");
        await PayAsync("PP-2", rub.Number, 600m, "RUB");
        await PayAsync("PP-3", other.Number, 150m, "BYN");

        var credit = await Staff.ReadAsync<CompanyCredit>(await Staff.Accountant.GetAsync($"/api/payments/credits?companyId={company}"), HttpStatusCode.OK);

        Assert.Equal(company, credit.CompanyId);
        Assert.Equal([new CreditBalance("BYN", 200.50m), new CreditBalance("RUB", 100m)], credit.Balances);
        Assert.Equal(2, credit.Movements.Total);
        Assert.Equal([(byn.Id, 200.50m), (rub.Id, 100m)], credit.Movements.Items.Select(m => (m.InvoiceId!.Value, m.Amount)).OrderByDescending(m => m.Amount));
        Assert.All(credit.Movements.Items, m => Assert.NotNull(m.PaymentId));
    }

    [Fact]
    public async Task Credit_without_a_company_is_a_400_and_a_manager_gets_403()
    {
        Assert.Contains("companyId", await BillingStaff.FieldErrorsAsync(await Staff.Accountant.GetAsync("/api/payments/credits")));
        using var asManager = await Staff.Client("manager").GetAsync($"/api/payments/credits?companyId={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Forbidden, asManager.StatusCode);
        var none = await Staff.ReadAsync<CompanyCredit>(await Staff.Accountant.GetAsync($"/api/payments/credits?companyId={Guid.NewGuid()}"), HttpStatusCode.OK);
        Assert.Equal((0, 0), (none.Balances.Count, none.Movements.Total));
    }

    private async Task PayAsync(string externalId, string reference, decimal amount, string currency)
    {
        using var response = await Staff.Accountant.PostAsJsonAsync("/api/payments", new
        {
            externalId, reference, amount, currency, paidAt = ManualClock.Start,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
