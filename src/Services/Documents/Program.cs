using Clearhours.Persistence;
using Clearhours.Documents.Extensions;
using Clearhours.Documents.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation source generator sees the types of the assembly that calls it.
builder.Services.AddValidation();
builder.AddApplicationServices();
builder.Services.AddDefaultOpenApi();

var app = builder.Build();
await app.MigrateDatabaseAsync<DocumentsDbContext>();

app.UseHttpDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
