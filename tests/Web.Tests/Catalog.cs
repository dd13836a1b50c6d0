using Clearhours.Web.Api;

namespace Clearhours.Web.Tests;

/// <summary>Reference data as Tasks answers it, for the catalog screens' tests.</summary>
public static class Catalog
{
    public static readonly Guid AcmeId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly Guid GlobexId = Guid.Parse("22222222-2222-2222-2222-222222222222");
    public static readonly Guid WebsiteId = Guid.Parse("33333333-3333-3333-3333-333333333333");

    public static Company Acme => new(AcmeId, "acme", "Acme LLC", "ООО «Акме»", "190000001", "Minsk, Pobediteley 1", "Alfa-Bank",
        "BY13NBRB3600900000002Z00AB00", "ALFABY2X", "billing@acme.test", "BYN", 10, 3);

    public static Company Globex => new(GlobexId, null, "Globex", null, null, null, null, null, null, null, "EUR", 30, 1);

    public static Page<Company> Companies(params Company[] companies) => new(companies, 1, 25, companies.Length);

    public static Project Website => new(WebsiteId, "acme-web", AcmeId, "Website", "BYN", RoundingMode.Up, 15,
        [
            new Rate(null, null, 80m, new DateOnly(2026, 1, 1)),
            new Rate("Development", null, 98.76m, new DateOnly(2026, 1, 1)),
            new Rate("Development", "anna", 120m, new DateOnly(2026, 9, 1)),
        ],
        [new BillablePercent("Meetings", 0)], 4);

    public static List<WorkType> WorkTypes => [new("Design", 100), new("Development", 100), new("Meetings", 0)];
}
