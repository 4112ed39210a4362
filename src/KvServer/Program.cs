using KvServer;
using KvServer.Engine.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// For the sockets .NET's socket engine serves (the listeners; the connections too where KvServer's own event
// loop is off or unavailable): completions run inline on the epoll thread instead of hopping to the thread
// pool, one thread handoff less per request. And one epoll thread, as Redis has one event loop: with two,
// both run batches and one spins on the executor lock while the other holds it (measured in
// docs/ARCHITECTURE.md). Both must be set before the first socket exists; an explicit setting in the
// environment wins.
SetDefaultEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
SetDefaultEnvironment("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1");

CommandLine commandLine;
var options = new ServerOptions();
var config = new ConfigRegistry(options);
try
{
    commandLine = CommandLine.Parse(args);
    if (commandLine.ShowVersion)
    {
        Console.WriteLine(ServerInfo.VersionLine);
        return 0;
    }
    ConfigFileParser.Load(config, commandLine.ConfigFile, commandLine.Directives);
}
catch (ConfigException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

// Compile the RDB loader on the other core while the host is built (only when there is a file to load).
KvServer.Engine.KvServerEngine.PrepareToLoad(options);

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    DisableDefaults = true,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Logging.ClearProviders();
builder.Logging.AddProvider(new RedisStyleLoggerProvider(options));
builder.Logging.SetMinimumLevel(RedisStyleLoggerProvider.ToLogLevel(options.LogLevel));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(config);
builder.Services.AddSingleton(commandLine);
builder.Services.AddSingleton<IHostLifetime, ServerLifetime>();
builder.Services.AddHostedService<KvServerHostedService>();

using IHost host = builder.Build();
try
{
    await host.RunAsync();
}
catch (Exception ex) when (ex is InvalidOperationException or System.Net.Sockets.SocketException)
{
    // Bind failures and similar start-up errors: reported like Redis, with a non-zero exit.
    Console.Error.WriteLine($"Could not start: {ex.Message}");
    return 1;
}
return KvServerHostedService.ExitCode;

static void SetDefaultEnvironment(string name, string value)
{
    if (Environment.GetEnvironmentVariable(name) is null)
    {
        Environment.SetEnvironmentVariable(name, value);
    }
}
