using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Infrastructure;

public sealed class DocumentsDbContext(DbContextOptions<DocumentsDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class DocumentsDbContextFactory : DesignTimeDbContextFactory<DocumentsDbContext>;
