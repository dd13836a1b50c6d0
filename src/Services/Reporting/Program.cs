using Clearhours.Messaging;
using Clearhours.Reporting.Extensions;
using Clearhours.Reporting.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();
await app.MigrateDatabaseAsync<ReportingDbContext>();

app.UseCorrelationId();
app.MapOpenApi();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
