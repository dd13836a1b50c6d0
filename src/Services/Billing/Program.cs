using Clearhours.Messaging;
using Clearhours.Billing.Extensions;
using Clearhours.Billing.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();
await app.MigrateDatabaseAsync<BillingDbContext>();

app.UseCorrelationId();
app.MapOpenApi();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
