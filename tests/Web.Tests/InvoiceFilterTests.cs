using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Pages.Staff.Billing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>The invoice list's filters lead to the list's address with them, from the first page.</summary>
public sealed class InvoiceFilterTests : BillingComponentContext
{
    public InvoiceFilterTests() => Gateway.AnswerInvoices();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void Picking_a_status_keeps_the_other_filters_and_starts_from_page_one()
    {
        Navigation.NavigateTo("invoices?number=%D0%A1%D0%A7-2026&page=3");
        var list = Render<Invoices>();

        list.Find("#status-filter").Change("Paid");

        Assert.Equal("http://localhost/invoices?status=Paid&number=%D0%A1%D0%A7-2026", Navigation.Uri);
    }

    [Fact]
    public void Searching_a_number_keeps_the_status_and_client()
    {
        Navigation.NavigateTo($"invoices?status=Overdue&companyId={Billing.CompanyId}");
        var list = Render<Invoices>();

        list.Find("#number-filter").Change(" СЧ-2026-0001 ");
        list.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Найти").Click();

        Assert.Equal($"http://localhost/invoices?status=Overdue&companyId={Billing.CompanyId}&number=%D0%A1%D0%A7-2026-0001",
            Navigation.Uri);
    }
}
