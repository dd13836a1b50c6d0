using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every HTTP process of Clearhours does the same way: errors, limits, headers, authentication.</summary>
public static class Pipeline
{
    /// <summary>Requests larger than this get 413 unless their endpoint allows more (RequestSizeLimit metadata).</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>An oversized body up to this size is read and dropped before the 413; a larger one closes the connection.</summary>
    private const long DrainLimit = 16 * 1024 * 1024;

    /// <summary>Request headers larger than this in total get 431 (Kestrel's own default limit).</summary>
    public const int MaxRequestHeadersSize = 32 * 1024;

    /// <summary>A request target (path and query) longer than this gets 414 (Kestrel's own default request line limit).</summary>
    public const int MaxRequestTargetLength = 8 * 1024;

    /// <summary>
    /// Kestrel refuses a request head over its own limits before any middleware runs, with no body and no correlation id.
    /// It is allowed this much more, so that the limits above are enforced here, as problems; beyond it Kestrel's bare
    /// refusal still stands.
    /// </summary>
    private const int KestrelHeadroom = 4;

    public static TBuilder AddHttpDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (CorrelationId.Get(context.HttpContext) is { } correlationId)
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId;
            }
        });
        // Asked only when the default writer declines (an Accept without JSON): every error is problem+json.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersSize * KestrelHeadroom;
            kestrel.Limits.MaxRequestLineSize = MaxRequestTargetLength * KestrelHeadroom;
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue(
                "Limits:MaxRequestBodySize", DefaultMaxRequestBodySize);
        });
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        // Enums by name only: with numbers allowed any integer gets in, defined or not ("roundingMode": 42).
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            // {"name":"a","name":"b"}: which one counts would depend on the parser; refused, like any unreadable body.
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        // A body or query value that cannot be bound throws, so BadRequestHandler names it in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.AddStaffAuthentication();
        return builder;
    }

    /// <summary>The middleware every process runs before its endpoints, in this order.</summary>
    public static WebApplication UseHttpDefaults(this WebApplication app)
    {
        app.UseCorrelationId();
        // Registered after the developer exception page WebApplication adds, so no stack trace reaches a caller.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            // Set as the response starts, so a proxied response's own copy is replaced rather than doubled.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.Use(RejectOversizedHeads);
        app.Use(RejectUnknownCharsets);
        app.Use(RejectOversizedBodies);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>OpenAPI with the roles each operation admits (x-roles) and which are public (x-public).</summary>
    public static IServiceCollection AddDefaultOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A staff token from POST /api/auth/token (or the OpenID Connect provider).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Extensions["x-public"] = new JsonNodeExtension(JsonValue.Create(true));
                    return Task.CompletedTask;
                }

                operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray([.. RolesAdmitted(metadata).Select(r => JsonValue.Create(r))]));
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
                return Task.CompletedTask;
            });
        });

    /// <summary>The roles that pass every policy an endpoint names; any staff role when it names none.</summary>
    public static IEnumerable<string> RolesAdmitted(IEnumerable<object> endpointMetadata)
    {
        IEnumerable<string> roles = StaffRoles.All;
        foreach (var policy in endpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
        {
            roles = roles.Intersect(Policies.Roles[policy]);
        }

        return roles;
    }

    private static Task RejectOversizedHeads(HttpContext context, RequestDelegate next)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (target.Length > MaxRequestTargetLength)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status414UriTooLong,
                title: "The request URI is too long.",
                detail: $"Path and query together may be at most {MaxRequestTargetLength} characters.").ExecuteAsync(context);
        }

        // Counted as Kestrel counts them: name, value, ": " and the line end of every header line.
        var headersSize = context.Request.Headers.Sum(header => header.Value.Sum(value => header.Key.Length + (value?.Length ?? 0) + 4));
        if (headersSize > MaxRequestHeadersSize)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge,
                title: "The request headers are too large.",
                detail: $"All headers together may be at most {MaxRequestHeadersSize} bytes.").ExecuteAsync(context);
        }

        return next(context);
    }

    /// <summary>A body in a charset no decoder knows (charset=klingon) is 415: the JSON reader threw on it, a 500.</summary>
    private static Task RejectUnknownCharsets(HttpContext context, RequestDelegate next)
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && HeaderUtilities.RemoveQuotes(mediaType.Charset).Value is { Length: > 0 } charset
            && !IsKnownEncoding(charset))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The request body's charset is not supported.",
                detail: $"Unknown charset '{charset}'; send UTF-8.").ExecuteAsync(context);
        }

        return next(context);
    }

    private static bool IsKnownEncoding(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task RejectOversizedBodies(HttpContext context, RequestDelegate next)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var endpointLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (feature is { IsReadOnly: false } && endpointLimit is not null)
        {
            feature.MaxRequestBodySize = endpointLimit;
        }

        // A declared length over the limit is refused before the body reaches the endpoint; a chunked body is
        // stopped by Kestrel when it passes the limit.
        var limit = feature?.MaxRequestBodySize;
        if (context.Request.ContentLength is not { } length || limit is null || length <= limit)
        {
            await next(context);
            return;
        }

        if (length <= DrainLimit && feature is { IsReadOnly: false })
        {
            // Read and dropped, so the client finishes sending, reads the 413, and the connection stays usable.
            feature.MaxRequestBodySize = null;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }

        await Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large.",
            detail: $"This endpoint accepts at most {limit} bytes.").ExecuteAsync(context);
    }
}
