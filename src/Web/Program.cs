using System.Text.Encodings.Web;
using System.Text.Unicode;
using Clearhours.Web;
using Clearhours.Web.Api;
using Clearhours.Web.Components;
using Clearhours.Web.Staff;
using Microsoft.FluentUI.AspNetCore.Components;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The client's page and the sign-in are public; each staff screen says which role it needs ([Authorize(Policy)]).
builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(null);
builder.AddStaffSessions();
builder.AddTrustedProxies(); // the gateway, which names the visitor in X-Forwarded-For
// A prerendered page hands what it loaded to its circuit (persistent component state) in the circuit's first message:
// SignalR's default 32 KB would drop the circuit of a page showing fifty invoices.
builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
// Cyrillic written as itself, not as &#x...; entities: the page stays readable and half the size.
builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
builder.Services.AddFluentUIComponents();
builder.Services.AddLocalization();
builder.Services.AddHttpContextAccessor();
builder.Services.AddHttpClient<GatewayApi>(client =>
        client.BaseAddress = new(builder.Configuration["Gateway:Url"] ?? "https+http://gateway"))
    .RemoveAllLoggers(); // the client page's API paths carry the share token, which no log may keep

var app = builder.Build();

app.UseForwardedHeaders(); // first: the visitor's address is what everything after it sees
app.UseHttpDefaults();
app.UseContentSecurityPolicy();
app.UseRequestLocalization(Cultures.Options());
app.UseStaticFiles();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapStaffEndpoints();
app.MapDownloadEndpoints();
app.MapAgencyStylesheet();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
