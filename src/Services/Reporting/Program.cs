using Clearhours.Persistence;
using Clearhours.Reporting.Extensions;
using Clearhours.Reporting.Infrastructure;
using Clearhours.ServiceDefaults.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Here, not in ServiceDefaults: the validation source generator sees the types of the assembly that calls it.
builder.Services.AddValidation();
builder.AddApplicationServices();
builder.Services.AddDefaultOpenApi();

var app = builder.Build();
if (await app.MigrateDatabaseAsync<ReportingDbContext>() is MigrationMode.Only or MigrationMode.Wait)
{
    return; // the migration Job, or a pod's init container waiting for it: nothing to serve
}

app.UseHttpDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();
// One root group, so every route's enum query values and problems are handled the same way.
app.MapGroup("").WithApiDefaults().MapApplicationApis();

app.Run();

public partial class Program;
