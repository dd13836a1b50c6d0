using Clearhours.AppHost;
using Microsoft.Extensions.Configuration;

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

var identity = StaffIdentity.From(builder);

// Clearhours:Replicas runs each of the four services that many times (the scale-out tests use 2). The gateway keeps
// one fixed public port and the web app its circuits, so each stays single.
var replicas = builder.Configuration.GetValue("Clearhours:Replicas", 1);

var tasksDb = servers.AddDatabase("tasksdb");
var reportingDb = servers.AddDatabase("reportingdb");
var billingDb = servers.AddDatabase("billingdb");
var documentsDb = servers.AddDatabase("documentsdb");

var tasksApi = builder.AddProject<Projects.Clearhours_Tasks>("tasks-api")
    .LaunchBuilt()
    .WithServers(servers, tasksDb)
    .WithStaffIdentity(identity)
    .WithInstances(replicas)
    .WithRetryParkedOutboxCommand(tasksDb);
var reportingApi = builder.AddProject<Projects.Clearhours_Reporting>("reporting-api")
    .LaunchBuilt()
    .WithServers(servers, reportingDb)
    .WithStaffIdentity(identity)
    .WithInstances(replicas)
    .WithRetryParkedOutboxCommand(reportingDb);
var billingApi = builder.AddProject<Projects.Clearhours_Billing>("billing-api")
    .LaunchBuilt()
    .WithServers(servers, billingDb)
    .WithStaffIdentity(identity)
    .WithInstances(replicas)
    .WithRetryParkedOutboxCommand(billingDb);
var documentsApi = builder.AddProject<Projects.Clearhours_Documents>("documents-api")
    .LaunchBuilt()
    .WithServers(servers, documentsDb)
    .WithStaffIdentity(identity)
    .WithInstances(replicas)
    .WithRetryParkedOutboxCommand(documentsDb)
    .WithReference(reportingApi); // asks Reporting which report a client's share token opens

var web = builder.AddProject<Projects.Clearhours_Web>("web")
    .LaunchBuilt()
    .WithStaffIdentity(identity)
    .WithHttpHealthCheck("/health");

// The one public address; not proxied, so rate limits see each client's own address.
var gateway = builder.AddProject<Projects.Clearhours_Gateway>("gateway")
    .LaunchBuilt()
    .WithEndpoint("http", endpoint =>
    {
        endpoint.Port = builder.Configuration.GetValue("Gateway:Port", 5100);
        endpoint.IsProxied = false;
    })
    .WithStaffIdentity(identity)
    .WithReference(tasksApi)
    .WithReference(reportingApi)
    .WithReference(billingApi)
    .WithReference(documentsApi)
    .WithReference(web)
    // The web app calls the APIs from loopback here, naming its visitor in X-Forwarded-For: trusted from there, each
    // visitor keeps their own rate-limit bucket (on a cluster: the web app's network instead).
    .WithEnvironment("ForwardedHeaders__KnownProxies__0", "127.0.0.1")
    .WithEnvironment("ForwardedHeaders__KnownProxies__1", "::1")
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithSeedDemoDataCommand();
servers.Messaging.WithRetryErrorQueuesCommand(servers.ManagementApi);
web.WithEnvironment("Gateway__Url", gateway.GetEndpoint("http")); // by address: a reference back would be a cycle

builder.Build().Run();
return 0;
