using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportHoursAndStatusSince : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "billed_hours",
                table: "reports",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "status_since",
                table: "reports",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // The reports made before: their hours from the lines they hold, and their last move from their history.
            migrationBuilder.Sql("""
                UPDATE reports SET
                    billed_hours = COALESCE((SELECT SUM((line -> 'line' ->> 'billedHours')::numeric)
                                             FROM jsonb_array_elements(lines) AS line
                                             WHERE NOT COALESCE((line ->> 'excluded')::boolean, false)), 0),
                    status_since = COALESCE((SELECT MAX((change ->> 'at')::timestamptz)
                                             FROM jsonb_array_elements(history) AS change), created_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "billed_hours",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "status_since",
                table: "reports");
        }
    }
}
