using Clearhours.Documents.Model;
using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Infrastructure;

public sealed class DocumentsDbContext(DbContextOptions<DocumentsDbContext> options) : DbContext(options)
{
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<DocumentContent> Contents => Set<DocumentContent>();
    public DbSet<AgencyProfile> AgencyProfiles => Set<AgencyProfile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DocumentsDbContext).Assembly);
    }
}

public sealed class DocumentsDbContextFactory : DesignTimeDbContextFactory<DocumentsDbContext>;
