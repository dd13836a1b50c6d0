using Clearhours.Gateway;
using Clearhours.Gateway.Apis;
using Scalar.AspNetCore;

if (args is ["hash-password", var password])
{
    // For writing a production user into configuration: Identity:Users:{name}:PasswordHash.
    Console.WriteLine(StaffDirectory.HashPassword(password));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation source generator sees the types of the assembly that calls it.
builder.Services.AddValidation();
builder.AddStaffDirectory();
builder.AddTrustedProxies();
builder.AddGatewayRateLimits();
builder.Services.AddDefaultOpenApi();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();

app.UseForwardedHeaders(); // first: the client's address is what everything after it sees
app.UseHttpDefaults();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapOpenApi("/openapi/gateway.json").AllowAnonymous();
// Every service's document in one browser page, read and tried through this gateway with a staff token.
app.MapScalarApiReference("/api-docs", options => options
        .WithTitle("Clearhours API")
        .WithOpenApiRoutePattern("/openapi/{documentName}.json")
        .AddDocuments("tasks", "reporting", "billing", "documents", "gateway")
        .AddServer(new ScalarServer("/", "this gateway"))) // the services' own addresses are not public
    .AllowAnonymous();
app.MapAuthApi();
app.MapReverseProxy().Add(RouteLimits.FromRouteMetadata);

app.Run();

public partial class Program;
