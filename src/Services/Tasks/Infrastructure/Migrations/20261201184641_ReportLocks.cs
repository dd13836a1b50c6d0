using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Tasks.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportLocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_locks",
                columns: table => new
                {
                    report_id = table.Column<Guid>(type: "uuid", nullable: false),
                    report_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    claim_version = table.Column<long>(type: "bigint", nullable: false),
                    released = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_locks", x => x.report_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_locks");
        }
    }
}
