using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Enums in a query string take only their names, as in JSON bodies. The framework binds any number too
/// ("?status=99"), which would filter on a value that does not exist and quietly answer nothing, or everything.
/// </summary>
public static class EnumQueryValues
{
    public static TBuilder AcceptEnumNamesOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(static (context, next) =>
        {
            var enums = context.MethodInfo.GetParameters()
                .Select(p => (p.Name, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
                .Where(p => p.Type.IsEnum && p.Name is not null)
                .ToList();
            if (enums.Count == 0)
            {
                return next;
            }

            return invocation =>
            {
                var query = invocation.HttpContext.Request.Query;
                var errors = new Dictionary<string, string[]>();
                foreach (var (name, type) in enums)
                {
                    var names = Enum.GetNames(type);
                    if (query.TryGetValue(name!, out var given) && given.ToString() is { Length: > 0 } value
                        && !names.Contains(value))
                    {
                        errors[name!] = [$"One of {string.Join(", ", names)}."];
                    }
                }

                return errors.Count > 0 ? ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors)) : next(invocation);
            };
        });
}
