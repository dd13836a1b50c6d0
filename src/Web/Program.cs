var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The frontend's pages are public: the APIs behind the gateway check who is calling.
builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(null);

var app = builder.Build();

app.UseHttpDefaults();
app.Use((context, next) =>
{
    context.Response.Headers.ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    context.Response.Headers["Referrer-Policy"] = "no-referrer";
    return next(context);
});
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
