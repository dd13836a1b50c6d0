global using BenchDatabase = Clearhours.Bench.BenchDatabase<Clearhours.Reporting.Infrastructure.ReportingDbContext>;
