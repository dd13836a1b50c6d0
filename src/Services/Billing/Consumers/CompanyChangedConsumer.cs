using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Consumers;

/// <summary>A client company changed in Tasks: Billing's copy takes its requisites and payment terms, newest version kept.</summary>
public sealed class CompanyChangedConsumer(BillingDbContext db) : IConsumer<CompanyChanged>
{
    public Task Consume(ConsumeContext<CompanyChanged> context) =>
        db.ProcessOnceAsync(context, nameof(CompanyChangedConsumer), async cancellationToken =>
        {
            var company = context.Message;
            var client = await db.Clients.SingleOrDefaultAsync(c => c.CompanyId == company.CompanyId, cancellationToken);
            if (client is null)
            {
                client = BillingClient.Create(company.CompanyId);
                db.Clients.Add(client);
            }

            client.Apply(company.Version, company.ToInvoiceClient(), company.Currency, company.PaymentTermsDays);
        });
}

public static class CompanyChangedExtensions
{
    public static InvoiceClient ToInvoiceClient(this CompanyChanged company) =>
        new(company.Name, company.LegalName, company.TaxId, company.Address, company.Bank?.BankName, company.Bank?.Account, company.Bank?.Bic);
}
