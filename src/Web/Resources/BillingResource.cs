namespace Clearhours.Web.Resources;

/// <summary>The accountant's screens (invoices, payments): BillingResource.resx is Russian, BillingResource.en.resx English.</summary>
public sealed class BillingResource;
