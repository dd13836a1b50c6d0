using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ClaimLocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "claim_version",
                table: "reports",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "locks",
                table: "reports",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "company_id",
                table: "report_claims",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<long>(
                name: "entry_version",
                table: "report_claims",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "minutes",
                table: "report_claims",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "person",
                table: "report_claims",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "project_id",
                table: "report_claims",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "task_id",
                table: "report_claims",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateOnly>(
                name: "work_date",
                table: "report_claims",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // Claims made before this migration: the entry as the read model has it now is the best record of what was priced.
            migrationBuilder.Sql("""
                UPDATE report_claims c SET entry_version = t.version, task_id = t.task_id, project_id = t.project_id,
                    company_id = t.company_id, person = t.person, work_date = t.work_date, minutes = t.minutes
                FROM rm_time_entries t WHERE t.id = c.time_entry_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "claim_version",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "locks",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "company_id",
                table: "report_claims");

            migrationBuilder.DropColumn(
                name: "entry_version",
                table: "report_claims");

            migrationBuilder.DropColumn(
                name: "minutes",
                table: "report_claims");

            migrationBuilder.DropColumn(
                name: "person",
                table: "report_claims");

            migrationBuilder.DropColumn(
                name: "project_id",
                table: "report_claims");

            migrationBuilder.DropColumn(
                name: "task_id",
                table: "report_claims");

            migrationBuilder.DropColumn(
                name: "work_date",
                table: "report_claims");
        }
    }
}
