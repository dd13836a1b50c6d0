using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Billing.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CreditUsedOnInvoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "from_credit_id",
                table: "client_credits",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_client_credits_from_credit_id",
                table: "client_credits",
                column: "from_credit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_client_credits_from_credit_id",
                table: "client_credits");

            migrationBuilder.DropColumn(
                name: "from_credit_id",
                table: "client_credits");
        }
    }
}
