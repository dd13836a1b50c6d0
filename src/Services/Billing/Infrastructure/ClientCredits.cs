using Clearhours.Billing.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Infrastructure;

/// <summary>A client's credit in one currency.</summary>
public sealed record CreditBalance(string Currency, decimal Amount);

public static class ClientCredits
{
    /// <summary>The company's credit per currency, only currencies with some left, for its ledger and the API.</summary>
    public static async Task<List<CreditBalance>> BalanceAsync(this BillingDbContext db, Guid companyId, CancellationToken cancellationToken)
    {
        var balances = await db.Credits.AsNoTracking()
            .Where(c => c.CompanyId == companyId)
            .GroupBy(c => c.Currency)
            .Select(g => new { Currency = g.Key, Amount = g.Sum(c => c.Amount) })
            .Where(b => b.Amount != 0)
            .OrderBy(b => b.Currency)
            .ToListAsync(cancellationToken);
        return [.. balances.Select(b => new CreditBalance(b.Currency, b.Amount))];
    }

    /// <summary>The company's credits in <paramref name="currency"/> with something left, oldest first.</summary>
    public static async Task<List<OpenCredit>> OpenCreditsAsync(this BillingDbContext db, Guid companyId, string currency, CancellationToken cancellationToken) =>
        ClientCredit.Open(await db.Credits.AsNoTracking().Where(c => c.CompanyId == companyId && c.Currency == currency).ToListAsync(cancellationToken));

    /// <summary>
    /// Locks the client's row until the caller's transaction ends: whatever spends the client's credit takes this lock
    /// first, so two invoices never spend the same credit.
    /// </summary>
    public static async Task LockClientAsync(this BillingDbContext db, Guid companyId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM clients WHERE company_id = {companyId} FOR UPDATE", cancellationToken);
}
