using Clearhours.Documents.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Documents.Infrastructure;

public static class AgencySeeding
{
    public const string Section = "Documents:Agency";

    /// <summary>
    /// Version 1 of the agency profile from <see cref="Section"/> when there is none yet, so documents are never
    /// blocked waiting for an admin. A later change of the section changes nothing: the admin edits the profile.
    /// </summary>
    public static async Task SeedAgencyProfileAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocumentsDbContext>();
        if (await db.AgencyProfiles.AnyAsync())
        {
            return;
        }

        var requisites = app.Configuration.GetSection(Section).Get<AgencyRequisites>();
        if (requisites is null || requisites.Check(new FieldErrors()) is { Any: true })
        {
            throw new InvalidOperationException(
                $"{Section} must hold the agency's requisites for the first profile: {requisites?.Check(new FieldErrors())}");
        }

        db.AgencyProfiles.Add(AgencyProfile.First(requisites, "configuration", scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance seeded it at the same moment.
        }
    }
}
