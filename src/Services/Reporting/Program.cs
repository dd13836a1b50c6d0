using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
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
await app.MigrateDatabaseAsync<ReportingDbContext>();

app.UseHttpDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapDefaultEndpoints();
// One root group, so every route's enum query values are checked the same way.
var api = app.MapGroup("").WithApiDefaults();
api.MapShareLinksApi();
api.MapPreviewApi();
api.MapReportsApi();
api.MapReportLinesApi();
api.MapReportLifeApi();
api.MapNotificationsApi();

app.Run();

public partial class Program;
