using Clearhours.Tasks.Import;
using Clearhours.Tasks.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Clearhours.Tasks.Apis;

public static class ImportApi
{
    /// <summary>As the gateway allows on /api/import.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    private static readonly string Description =
        "Upserts companies, projects, tasks and time entries by external id, as JSON (application/json) or CSV (text/csv). "
        + "Rows name each other by external id, in the file or already imported. Importing the same file again changes nothing: "
        + "no version moves and no event is published. Every row is checked; a rejected row changes nothing and is listed "
        + "with its kind, row (1-based in its JSON list; the line in a CSV file, whose header is line 1), external id and "
        + "reasons. Rows that name a rejected row are rejected too, and so are changes to billed (locked or paid) time. "
        + "The answer is 200 with created/updated/unchanged/rejected counts per kind, however many rows were rejected; a body "
        + "that cannot be read at all (invalid JSON, unknown properties, a wrong CSV header, an empty body) is a 400, another "
        + "media type a 415, more than 64 MiB a 413.\n\n"
        + "JSON: a JSON row is a full record, like a PUT: an optional field left out is cleared; a task left without status or "
        + "billable percent keeps its own (or gets the defaults, as with POST /api/tasks). Dates are \"yyyy-MM-dd\".\n\n"
        + "CSV: " + CsvFormat.Description;

    public static void MapImportApi(this IEndpointRouteBuilder app)
    {
        var import = app.MapGroup("/api/import").WithTags("Import").RequireAuthorization(Policies.Manager)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        import.MapPost("/", Import).WithName("Import")
            .WithSummary("Import companies, projects, tasks and time entries by external id (JSON or CSV).")
            .WithDescription(Description)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer(DescribeBodyAsync);
    }

    public static async Task<Results<Ok<ImportResult>, BadRequest<ProblemDetails>, JsonHttpResult<ProblemDetails>>> Import(
        HttpRequest request, TasksDbContext db, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ImportData data;
        try
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
            data = mediaType switch
            {
                ImportReader.JsonMediaType => await ImportReader.ReadJsonAsync(request.BodyReader, cancellationToken),
                ImportReader.CsvMediaType => await ImportReader.ReadCsvAsync(request.BodyReader, cancellationToken),
                _ => throw new ImportFormatException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                    $"Send the import as {ImportReader.JsonMediaType} or {ImportReader.CsvMediaType}"
                    + (request.ContentType is { Length: > 0 } given ? $", not {given}." : "; the request named no Content-Type.")),
            };
        }
        catch (ImportFormatException refused)
        {
            var problem = new ProblemDetails { Status = refused.Status, Title = refused.Title, Detail = refused.Detail };
            // 415 has no typed result of its own; either is written through the problem-details service.
            return refused.Status == StatusCodes.Status400BadRequest
                ? TypedResults.BadRequest(problem)
                : TypedResults.Json(problem, statusCode: refused.Status, contentType: "application/problem+json");
        }

        var logger = loggers.CreateLogger(typeof(Importer));
        var result = await new Importer(db, time, logger: logger).ImportAsync(data, cancellationToken);
        logger.LogInformation(
            "Import ({MediaType}): companies {Companies}, projects {Projects}, tasks {Tasks}, time entries {TimeEntries}",
            request.ContentType, result.Companies, result.Projects, result.Tasks, result.TimeEntries);
        return TypedResults.Ok(result);
    }

    /// <summary>The body is read by hand (two media types), so the document is told what it is.</summary>
    private static async Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var json = await context.GetOrCreateSchemaAsync(typeof(ImportRequest), null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The rows to import, as JSON or as a CSV file of time entries.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ImportReader.JsonMediaType] = new() { Schema = json },
                [ImportReader.CsvMediaType] = new()
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = CsvFormat.Description },
                    Example = System.Text.Json.Nodes.JsonValue.Create(
                        string.Join(",", CsvFormat.Columns.Select(c => c.Column)) + "\n"
                        + "acme,Acme Ltd,EUR,acme-web,Website,,T-1,Landing page,Development,In progress,,,,T-1,https://planner.example/T-1,"
                        + "e-1,Anna,2026-11-03,90,Layout\n"),
                },
            },
        };
    }
}
