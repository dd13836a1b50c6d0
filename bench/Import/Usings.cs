global using BenchDatabase = Clearhours.Bench.BenchDatabase<Clearhours.Tasks.Infrastructure.TasksDbContext>;
