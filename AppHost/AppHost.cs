using Clearhours.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL and RabbitMQ: given servers, containers, or the locally installed binaries (see Infrastructure.cs).
Servers servers;
try
{
    servers = builder.AddServers();
}
catch (InvalidOperationException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}

var tasksDb = servers.AddDatabase("tasksdb");
var reportingDb = servers.AddDatabase("reportingdb");
var billingDb = servers.AddDatabase("billingdb");
var documentsDb = servers.AddDatabase("documentsdb");

var tasksApi = builder.AddProject<Projects.Clearhours_Tasks>("tasks-api")
    .WithServers(servers, tasksDb);
var reportingApi = builder.AddProject<Projects.Clearhours_Reporting>("reporting-api")
    .WithServers(servers, reportingDb);
var billingApi = builder.AddProject<Projects.Clearhours_Billing>("billing-api")
    .WithServers(servers, billingDb);
var documentsApi = builder.AddProject<Projects.Clearhours_Documents>("documents-api")
    .WithServers(servers, documentsDb);

var web = builder.AddProject<Projects.Clearhours_Web>("web")
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Clearhours_Gateway>("gateway")
    .WithReference(tasksApi)
    .WithReference(reportingApi)
    .WithReference(billingApi)
    .WithReference(documentsApi)
    .WithReference(web)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
return 0;
