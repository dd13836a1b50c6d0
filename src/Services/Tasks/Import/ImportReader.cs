using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;

namespace Clearhours.Tasks.Import;

/// <summary>A body that cannot be imported at all: answered with its status and never half imported.</summary>
public sealed class ImportFormatException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    public static ImportFormatException BadRequest(string detail) =>
        new(StatusCodes.Status400BadRequest, "The import could not be read.", detail);
}

/// <summary>Reads an import body, JSON or CSV, into <see cref="ImportData"/>.</summary>
public static class ImportReader
{
    public const string JsonMediaType = "application/json";
    public const string CsvMediaType = "text/csv";

    /// <summary>
    /// Unknown properties are refused: a misspelt field would otherwise be cleared without a word. Numbers are JSON
    /// numbers: the web defaults would also read "90" as 90, and a value of the wrong JSON type is a 400.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private const string Nothing = "The body has no companies, projects, tasks or time entries to import.";

    public static async Task<ImportData> ReadJsonAsync(PipeReader body, CancellationToken cancellationToken)
    {
        await EnsureNotEmptyAsync(body, cancellationToken);
        ImportRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ImportRequest>(body, JsonOptions, cancellationToken);
        }
        catch (JsonException json)
        {
            throw ImportFormatException.BadRequest(
                $"The body is not a valid import at {json.Path ?? "$"} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}): "
                + "invalid JSON, an unknown property or a value of the wrong type. Expected "
                + "{\"companies\": [...], \"projects\": [...], \"tasks\": [...], \"timeEntries\": [...]} as the OpenAPI document describes.");
        }

        var data = request is null ? null : ImportData.FromJson(request);
        return data is null || data.IsEmpty ? throw ImportFormatException.BadRequest(Nothing) : data;
    }

    public static async Task<ImportData> ReadCsvAsync(PipeReader body, CancellationToken cancellationToken)
    {
        await EnsureNotEmptyAsync(body, cancellationToken);
        return await ReadCsvLinesAsync(body, cancellationToken);
    }

    /// <summary>
    /// Apart from <see cref="ReadCsvAsync"/>, so that loading CsvHelper waits until the body is read: a body over the
    /// limit is then refused at once, before a client that waits for 100-continue gives up waiting and sends it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<ImportData> ReadCsvLinesAsync(PipeReader body, CancellationToken cancellationToken)
    {
        await using var csv = CsvReader.Create(body.AsStream(), CsvFormat.ReaderOptions);
        await csv.ReadHeaderAsync(cancellationToken);
        var columns = CsvFormat.ReadHeader(csv.Headers);
        var lines = new List<ImportLine>();
        while (await csv.ReadAsync(cancellationToken))
        {
            var fields = csv.Current.ToArray();
            if (fields is [""])
            {
                continue;
            }

            lines.Add(CsvFormat.ReadLine((int)csv.LineNumber, fields, columns));
        }

        return lines.Count == 0
            ? throw ImportFormatException.BadRequest("The file has a header but no lines to import.")
            : new ImportData { Lines = lines, Partial = true, FieldName = CsvFormat.ColumnOf, RowWord = "line" };
    }

    private static async Task EnsureNotEmptyAsync(PipeReader body, CancellationToken cancellationToken)
    {
        var read = await body.ReadAsync(cancellationToken);
        var empty = read.Buffer.IsEmpty && read.IsCompleted;
        body.AdvanceTo(read.Buffer.Start);
        if (empty)
        {
            throw ImportFormatException.BadRequest("The body is empty.");
        }
    }
}
