using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clearhours.Billing.Infrastructure.Migrations
{
    /// <summary>
    /// A payment names its invoice by number in any case (<c>upper(number)</c> in <see cref="InvoiceLookup"/>): an index
    /// on that expression, so the lookup reads one row however many invoices there are. EF's model has no expression
    /// indexes, so this one is SQL alone and the model snapshot does not change.
    /// </summary>
    [DbContext(typeof(BillingDbContext))]
    [Migration("20261203130000_InvoiceNumberAnyCase")]
    public partial class InvoiceNumberAnyCase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE INDEX ix_invoices_number_upper ON invoices (upper(number));");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP INDEX ix_invoices_number_upper;");
    }
}
