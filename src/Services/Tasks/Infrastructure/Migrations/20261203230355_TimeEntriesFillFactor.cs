using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TimeEntriesFillFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "time_entries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "time_entries")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);
        }
    }
}
