namespace Clearhours.Web.Resources;

/// <summary>The report builder's and the leakage screen's texts: BuilderResource.resx Russian, .en.resx English.</summary>
public sealed class BuilderResource;
