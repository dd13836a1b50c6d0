namespace Clearhours.Web.Resources;

/// <summary>The texts of the reference-data screens: clients, projects, time, import and the agency profile.</summary>
public sealed class CatalogResource;
