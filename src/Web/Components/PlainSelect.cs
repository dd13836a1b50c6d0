using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Clearhours.Web.Components;

/// <summary>
/// Fluent's select without the &lt;style&gt; element it writes beside each instance, which the Content-Security-Policy
/// blocks (no nonce can reach it). The rules it carried are in app.css, for every select.
/// </summary>
[CascadingTypeParameter(nameof(TOption))]
public sealed class PlainSelect<TOption> : FluentSelect<TOption> where TOption : notnull
{
    protected override MarkupString InlineStyleValue => default;
}
