using Clearhours.Messaging;
using Clearhours.Tasks.Extensions;
using Clearhours.Tasks.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();
await app.MigrateDatabaseAsync<TasksDbContext>();

app.UseCorrelationId();
app.MapOpenApi();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
