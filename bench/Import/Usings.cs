global using BenchDatabase = Clearhours.Bench.BenchDatabase<Clearhours.Tasks.Infrastructure.TasksDbContext>;
global using BenchPostgres = Clearhours.Bench.BenchPostgres<Clearhours.Tasks.Infrastructure.TasksDbContext>;
