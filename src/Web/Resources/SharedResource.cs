namespace Clearhours.Web.Resources;

/// <summary>The page texts: SharedResource.resx is Russian (the default), SharedResource.en.resx English.</summary>
public sealed class SharedResource;
