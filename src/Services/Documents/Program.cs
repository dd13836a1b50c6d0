using Clearhours.Messaging;
using Clearhours.Documents.Extensions;
using Clearhours.Documents.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();
await app.MigrateDatabaseAsync<DocumentsDbContext>();

app.UseCorrelationId();
app.MapOpenApi();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
