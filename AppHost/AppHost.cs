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

// The built-in token issuer's key: generated at each start, shared by the gateway and every service.
var signingKey = builder.AddParameter("identity-signing-key",
    new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true);

var tasksDb = servers.AddDatabase("tasksdb");
var reportingDb = servers.AddDatabase("reportingdb");
var billingDb = servers.AddDatabase("billingdb");
var documentsDb = servers.AddDatabase("documentsdb");

var tasksApi = builder.AddProject<Projects.Clearhours_Tasks>("tasks-api")
    .WithServers(servers, tasksDb)
    .WithEnvironment("Identity__SigningKey", signingKey);
var reportingApi = builder.AddProject<Projects.Clearhours_Reporting>("reporting-api")
    .WithServers(servers, reportingDb)
    .WithEnvironment("Identity__SigningKey", signingKey);
var billingApi = builder.AddProject<Projects.Clearhours_Billing>("billing-api")
    .WithServers(servers, billingDb)
    .WithEnvironment("Identity__SigningKey", signingKey);
var documentsApi = builder.AddProject<Projects.Clearhours_Documents>("documents-api")
    .WithServers(servers, documentsDb)
    .WithEnvironment("Identity__SigningKey", signingKey);

var web = builder.AddProject<Projects.Clearhours_Web>("web")
    .WithEnvironment("Identity__SigningKey", signingKey)
    .WithHttpHealthCheck("/health");

// The one public address; not proxied, so rate limits see each client's own address.
builder.AddProject<Projects.Clearhours_Gateway>("gateway")
    .WithEndpoint("http", endpoint =>
    {
        endpoint.Port = builder.Configuration.GetValue("Gateway:Port", 5100);
        endpoint.IsProxied = false;
    })
    .WithEnvironment("Identity__SigningKey", signingKey)
    .WithReference(tasksApi)
    .WithReference(reportingApi)
    .WithReference(billingApi)
    .WithReference(documentsApi)
    .WithReference(web)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
return 0;
