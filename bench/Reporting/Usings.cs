global using BenchDatabase = Clearhours.Bench.BenchDatabase<Clearhours.Reporting.Infrastructure.ReportingDbContext>;
global using BenchPostgres = Clearhours.Bench.BenchPostgres<Clearhours.Reporting.Infrastructure.ReportingDbContext>;
