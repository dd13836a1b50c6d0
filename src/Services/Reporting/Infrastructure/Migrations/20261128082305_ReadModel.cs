using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rm_companies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    legal_name = table.Column<string>(type: "text", nullable: true),
                    contact_email = table.Column<string>(type: "text", nullable: true),
                    currency = table.Column<string>(type: "text", nullable: false),
                    payment_terms_days = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rm_companies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rm_projects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    rates = table.Column<string>(type: "jsonb", nullable: false),
                    rounding_mode = table.Column<string>(type: "text", nullable: false),
                    rounding_increment_minutes = table.Column<int>(type: "integer", nullable: false),
                    billable_percents = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rm_projects", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rm_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    work_type = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    billable_percent = table.Column<int>(type: "integer", nullable: false),
                    external_key = table.Column<string>(type: "text", nullable: true),
                    external_url = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rm_tasks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rm_time_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    company_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person = table.Column<string>(type: "text", nullable: false),
                    work_date = table.Column<DateOnly>(type: "date", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    comment = table.Column<string>(type: "text", nullable: true),
                    removed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rm_time_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rm_projects_company_id",
                table: "rm_projects",
                column: "company_id");

            migrationBuilder.CreateIndex(
                name: "ix_rm_time_entries_company_id_work_date",
                table: "rm_time_entries",
                columns: new[] { "company_id", "work_date" });

            migrationBuilder.CreateIndex(
                name: "ix_rm_time_entries_task_id",
                table: "rm_time_entries",
                column: "task_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rm_companies");

            migrationBuilder.DropTable(
                name: "rm_projects");

            migrationBuilder.DropTable(
                name: "rm_tasks");

            migrationBuilder.DropTable(
                name: "rm_time_entries");
        }
    }
}
