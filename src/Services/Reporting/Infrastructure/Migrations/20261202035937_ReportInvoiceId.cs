using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Reporting.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportInvoiceId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "invoice_id",
                table: "reports",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "invoice_id",
                table: "reports");
        }
    }
}
