using Microsoft.AspNetCore.Mvc;

namespace Clearhours.ServiceDefaults.Api;

/// <summary>The page a list is asked for, bound from <c>?page=&amp;pageSize=</c> with <c>[AsParameters]</c>.</summary>
public sealed class PageRequest
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    /// <summary>The furthest page a list serves: far beyond any real list, and <see cref="Skip"/> still fits an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>1-based; below 1 reads as 1, above <see cref="MaxPage"/> is refused by <see cref="Check"/>.</summary>
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    /// <summary>Clamped to 1..<see cref="MaxSize"/>; 50 when not given.</summary>
    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }

    public int Number => Math.Clamp(Page ?? 1, 1, MaxPage);

    public int Size => Math.Clamp(PageSize ?? DefaultSize, 1, MaxSize);

    public int Skip => (Number - 1) * Size;

    public FieldErrors Check(FieldErrors errors) => errors.Check(Page is not > MaxPage, "page", $"At most {MaxPage}.");

    public Page<T> ToPage<T>(IReadOnlyList<T> items, int total) => new(items, Number, Size, total);
}

/// <summary>One page of a list, the same shape in every service.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);
