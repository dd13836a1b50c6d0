using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearhours.Documents.Apis;

/// <summary>A file as a staff member sent it, read whole: its name as sent and its bytes.</summary>
public sealed record Upload(string FileName, byte[] Content);

/// <summary>How the multipart APIs read their form, so a garbled form is the caller's 400 and never a 500.</summary>
public static class Uploads
{
    /// <summary>The form, or null when the body is not a readable multipart (or urlencoded) form.</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            // IOException: a multipart body that ends before its closing boundary.
            return null;
        }
    }

    /// <summary>The form's file <paramref name="field"/> read whole, unless it is larger than <paramref name="limit"/> (Content is empty then).</summary>
    public static async Task<(Upload? File, bool TooLarge)> ReadFileAsync(
        IFormCollection form, string field, long limit, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile(field) is not { } file)
        {
            return (null, false);
        }

        if (file.Length > limit)
        {
            return (null, true);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return (new Upload(file.FileName, buffer.ToArray()), false);
    }

    /// <summary>The 413 of a file over the limit, as the pipeline answers a body over the route's limit.</summary>
    public static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The file is too large.",
        detail: $"A file may be at most {limit / (1024 * 1024)} MiB.");
}
