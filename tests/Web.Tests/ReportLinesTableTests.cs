using System.Globalization;
using Bunit;
using Clearhours.Web.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>The lines table and its line picker, rendered alone.</summary>
public sealed class ReportLinesTableTests : BunitContext
{
    public ReportLinesTableTests()
    {
        Services.AddLocalization();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
    }

    [Fact]
    public void The_picker_offers_one_checkbox_per_line_named_by_its_number_for_the_changes_form()
    {
        var table = Render<ReportLinesTable>(p => p.Add(t => t.Report, Reports.Sent()).Add(t => t.PickerForm, "changes").Add(t => t.Picked, [2]));

        var boxes = table.FindAll("input[type=checkbox]");
        Assert.Equal(["1", "2"], boxes.Select(b => b.GetAttribute("value")!));
        Assert.All(boxes, b => Assert.Equal("changes", b.GetAttribute("form")));
        Assert.Equal([false, true], boxes.Select(b => b.HasAttribute("checked")));
    }

    [Fact]
    public void Without_a_form_to_post_with_the_table_has_no_checkboxes()
    {
        var table = Render<ReportLinesTable>(p => p.Add(t => t.Report, Reports.Sent("Approved")));

        Assert.Empty(table.FindAll("input[type=checkbox]"));
        Assert.Empty(table.FindAll("th.pick"));
    }

    [Fact]
    public void A_line_not_billed_shows_its_reason_and_a_line_without_a_planner_link_no_link()
    {
        var table = Render<ReportLinesTable>(p => p.Add(t => t.Report, Reports.Sent()));

        var row = table.Find("tr.not-billable");
        Assert.Equal("Не оплачивается: Internal meeting", row.QuerySelector(".reason")!.TextContent);
        Assert.Null(row.QuerySelector("a"));
        Assert.Equal("0,00 BYN", row.QuerySelectorAll("td.num").Last().TextContent);
    }
}
