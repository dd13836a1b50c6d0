using System.Globalization;
using Bunit;
using Clearhours.Web.Components.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>The pages of a long billing list: which rows are shown, and links to the pages either side.</summary>
public sealed class PagerTests : BunitContext
{
    public PagerTests()
    {
        Services.AddLocalization();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
    }

    [Fact]
    public void A_middle_page_links_both_ways_and_counts_its_rows()
    {
        var pager = Render<Pager>(p => p.Add(x => x.PageNumber, 2).Add(x => x.PageSize, 50).Add(x => x.Total, 120).Add(x => x.Href, n => $"invoices?page={n}"));

        Assert.Equal("Показаны 51–100 из 120", pager.Find(".summary").TextContent);
        Assert.Equal("invoices?page=1", pager.Find("a[rel=prev]").GetAttribute("href"));
        Assert.Equal("invoices?page=3", pager.Find("a[rel=next]").GetAttribute("href"));
        Assert.Contains("Страница 2 из 3", pager.Markup);
    }

    [Fact]
    public void The_last_page_has_no_next_and_counts_to_the_total()
    {
        var pager = Render<Pager>(p => p.Add(x => x.PageNumber, 3).Add(x => x.PageSize, 50).Add(x => x.Total, 120).Add(x => x.Href, n => $"p{n}"));

        Assert.Equal("Показаны 101–120 из 120", pager.Find(".summary").TextContent);
        Assert.Empty(pager.FindAll("a[rel=next]"));
        Assert.Single(pager.FindAll("a[rel=prev]"));
    }

    [Fact]
    public void One_page_has_no_links_and_an_empty_list_no_pager()
    {
        var one = Render<Pager>(p => p.Add(x => x.PageNumber, 1).Add(x => x.Total, 7).Add(x => x.Href, n => $"p{n}"));
        var none = Render<Pager>(p => p.Add(x => x.PageNumber, 1).Add(x => x.Total, 0).Add(x => x.Href, n => $"p{n}"));

        Assert.Empty(one.FindAll("a"));
        Assert.Equal("Показаны 1–7 из 7", one.Find(".summary").TextContent);
        Assert.Empty(none.FindAll("nav"));
    }

    [Fact]
    public void A_page_past_the_end_leads_back_to_the_last_page()
    {
        var pager = Render<Pager>(p => p.Add(x => x.PageNumber, 9).Add(x => x.PageSize, 50).Add(x => x.Total, 120).Add(x => x.Href, n => $"p{n}"));

        Assert.Equal("p3", pager.Find("a[rel=prev]").GetAttribute("href"));
        Assert.Empty(pager.FindAll(".summary"));
        Assert.Empty(pager.FindAll("a[rel=next]"));
    }
}
