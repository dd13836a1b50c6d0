using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SentSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "approval",
                table: "reports",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "change_requests",
                table: "reports",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "snapshot",
                table: "reports",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "snapshot_hash",
                table: "reports",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "approval",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "change_requests",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "snapshot",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "snapshot_hash",
                table: "reports");
        }
    }
}
