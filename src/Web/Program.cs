var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();

app.UseCorrelationId();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
