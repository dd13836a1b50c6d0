namespace Clearhours.Web.Resources;

/// <summary>The board's, the search's and the report card's texts: BoardResource.resx Russian, BoardResource.en.resx English.</summary>
public sealed class BoardResource;
