using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

internal sealed partial class ImportRun
{
    public async Task ProjectsAsync(CancellationToken cancellationToken)
    {
        var candidates = Prepare(_data.Projects, _projects, _projectRefs, p => p.ExternalId,
            (p, reasons) => ImportChecks.Project(p, catalog, reasons));
        foreach (var chunk in candidates.Chunk(importer.ChunkSize))
        {
            await importer.SaveChunkAsync(async (outcome, ct) =>
            {
                await LookUpCompaniesAsync(chunk.Select(p => Text.Clean(p.Data.CompanyExternalId)), ct);
                var ids = chunk.Select(p => p.ExternalId).ToList();
                var existing = await _db.Projects.Where(p => ids.Contains(p.ExternalId!))
                    .ToDictionaryAsync(p => p.ExternalId!, StringComparer.Ordinal, ct);

                var planned = new List<(Candidate<ProjectImport> Row, Project? Project, ProjectDetails? Details, Reasons Reasons)>();
                foreach (var row in chunk)
                {
                    var project = existing.GetValueOrDefault(row.ExternalId);
                    var reasons = NewReasons(ImportKinds.Project);
                    var company = _companyRefs.Resolve(Text.Clean(row.Data.CompanyExternalId), "companyExternalId", reasons);
                    var details = company is null ? null : ProjectDetails(row.Data, project, company, reasons);
                    planned.Add((row, project, details, reasons));
                }

                // Billed time stays with its company and its currency: the project's own rule, as for PUT /api/projects.
                var moving = planned.Where(p => p.Details is not null && p.Project is not null && p.Project.MovesBilledTerms(p.Details))
                    .Select(p => p.Project!.Id).ToList();
                var billed = await _db.BilledReportOfProjectsAsync(moving, ct);

                var now = importer.Time.GetUtcNow();
                var moved = new List<Project>();
                foreach (var (row, current, details, reasons) in planned)
                {
                    if (current is not null && details is not null
                        && current.WhyRefused(details, billed.GetValueOrDefault(current.Id)) is { } why)
                    {
                        reasons.Add(details.CompanyId != current.CompanyId ? "companyExternalId" : "currency", $"{why}.");
                    }

                    if (details is null || reasons.Any)
                    {
                        Reject(outcome, _projects, _projectRefs, row, reasons);
                        continue;
                    }

                    var created = current is null;
                    var project = current ?? Project.Create(row.ExternalId);
                    var from = project.CompanyId;
                    var changed = project.Update(details, now);
                    if (changed)
                    {
                        if (created)
                        {
                            _db.Projects.Add(project);
                        }

                        _db.AddEvent(Events.Changed(project));
                        if (!created && from != project.CompanyId)
                        {
                            moved.Add(project);
                        }
                    }

                    var reference = new ProjectRef(project.Id, project.CompanyId, [.. project.BillablePercents]);
                    outcome.Then(() =>
                    {
                        _projects.Count(created, changed);
                        _projectRefs.Known[row.ExternalId] = reference;
                    });
                }

                await _db.RepublishMovedProjectsAsync(moved, now, ct);
            }, cancellationToken);
        }
    }

    private ProjectDetails? ProjectDetails(ProjectImport p, Project? current, CompanyRef company, Reasons reasons)
    {
        var name = TextField(p.Name, current?.Name);
        // A CSV line carries no project currency when the project bills in its company's.
        var currency = TextField(p.Currency, current?.Currency) ?? (Partial && current is null ? company.Currency : null);
        Require(reasons, "name", name, current, "project");
        Require(reasons, "currency", currency, current, "project");
        var mode = Text.Clean(p.RoundingMode) is { } given
            ? ImportChecks.ParseRoundingMode(given)!.Value
            : Partial ? current?.RoundingMode ?? RoundingMode.None : RoundingMode.None;
        var increment = p.RoundingIncrementMinutes ?? (Partial ? current?.RoundingIncrementMinutes ?? 0 : 0);
        if (!Project.IsRounding(mode, increment))
        {
            reasons.Add("roundingIncrementMinutes", "rounding goes to 5, 6, 10, 15 or 30 minutes.");
        }

        IReadOnlyList<(string WorkType, int Percent)> percents = p.BillablePercents is { } list
            ? [.. list.Select(x => (catalog.WorkType(Text.Clean(x.WorkType))!.Name, x.Percent!.Value))]
            : Partial && current is not null ? [.. current.BillablePercents.Select(x => (x.WorkType, x.Percent))] : [];
        return reasons.Any ? null : new ProjectDetails(company.Id, name!, currency!, mode,
            mode == RoundingMode.None ? 0 : increment, percents);
    }

    private async Task LookUpProjectsAsync(IEnumerable<string?> externalIds, CancellationToken cancellationToken)
    {
        var ids = _projectRefs.Unsettled(externalIds);
        if (ids.Count == 0)
        {
            return;
        }

        var found = await _db.Projects.AsNoTracking().Where(p => ids.Contains(p.ExternalId!)).ToListAsync(cancellationToken);
        _projectRefs.Found(ids, found.Select(p => (p.ExternalId!, new ProjectRef(p.Id, p.CompanyId, [.. p.BillablePercents]))));
    }
}
