using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

internal sealed partial class ImportRun
{
    public async Task CompaniesAsync(CancellationToken cancellationToken)
    {
        MergeLines();
        var candidates = Prepare(_data.Companies, _companies, _companyRefs, c => c.ExternalId, ImportChecks.Company);
        foreach (var chunk in candidates.Chunk(importer.ChunkSize))
        {
            await importer.SaveChunkAsync(async (outcome, ct) =>
            {
                var ids = chunk.Select(c => c.ExternalId).ToList();
                var existing = await _db.Companies.Where(c => ids.Contains(c.ExternalId!))
                    .ToDictionaryAsync(c => c.ExternalId!, StringComparer.Ordinal, ct);
                var now = importer.Time.GetUtcNow();
                foreach (var row in chunk)
                {
                    var company = existing.GetValueOrDefault(row.ExternalId);
                    var reasons = NewReasons(ImportKinds.Company);
                    var details = CompanyDetails(row.Data, company, reasons);
                    if (details is null)
                    {
                        Reject(outcome, _companies, _companyRefs, row, reasons);
                        continue;
                    }

                    var created = company is null;
                    company ??= Company.Create(row.ExternalId);
                    var changed = company.Update(details, now);
                    if (changed)
                    {
                        if (created)
                        {
                            _db.Companies.Add(company);
                        }

                        _db.AddEvent(Events.Changed(company));
                    }

                    var reference = new CompanyRef(company.Id, company.Currency);
                    outcome.Then(() =>
                    {
                        _companies.Count(created, changed);
                        _companyRefs.Known[row.ExternalId] = reference;
                    });
                }
            }, cancellationToken);
        }
    }

    private CompanyDetails? CompanyDetails(CompanyImport c, Company? current, Reasons reasons)
    {
        var name = TextField(c.Name, current?.Name);
        var currency = TextField(c.Currency, current?.Currency);
        Require(reasons, "name", name, current, "company");
        Require(reasons, "currency", currency, current, "company");
        return reasons.Any ? null : new CompanyDetails(
            name!,
            TextField(c.LegalName, current?.LegalName),
            TextField(c.TaxId, current?.TaxId),
            TextField(c.Address, current?.Address),
            TextField(c.BankName, current?.BankName),
            TextField(c.BankAccount, current?.BankAccount),
            TextField(c.BankBic, current?.BankBic),
            TextField(c.ContactEmail, current?.ContactEmail),
            currency!,
            c.PaymentTermsDays ?? (Partial ? current?.PaymentTermsDays ?? 0 : 0));
    }

    private async Task LookUpCompaniesAsync(IEnumerable<string?> externalIds, CancellationToken cancellationToken)
    {
        var ids = _companyRefs.Unsettled(externalIds);
        if (ids.Count == 0)
        {
            return;
        }

        var found = await _db.Companies.AsNoTracking().Where(c => ids.Contains(c.ExternalId!))
            .Select(c => new { c.ExternalId, c.Id, c.Currency }).ToListAsync(cancellationToken);
        _companyRefs.Found(ids, found.Select(c => (c.ExternalId!, new CompanyRef(c.Id, c.Currency))));
    }
}
