using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The writer asked last: a problem as application/problem+json whatever the request's Accept says. The default writer
/// declines a client that accepts only something else (Accept: application/pdf), which left a bare status or a problem
/// without its correlation id.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        context.ProblemDetails.Status ??= response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var json = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return new ValueTask(response.WriteAsJsonAsync(
            context.ProblemDetails, context.ProblemDetails.GetType(), json, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
