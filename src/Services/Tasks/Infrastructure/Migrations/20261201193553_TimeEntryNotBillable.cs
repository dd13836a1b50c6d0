using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TimeEntryNotBillable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "NotBillable",
                table: "time_entries",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NotBillable",
                table: "time_entries");
        }
    }
}
