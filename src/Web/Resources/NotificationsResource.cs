namespace Clearhours.Web.Resources;

/// <summary>The notifications bell and list: NotificationsResource.resx (Russian), .en.resx (English).</summary>
public sealed class NotificationsResource;
