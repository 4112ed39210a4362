using System.Globalization;
using KvServer.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace KvServer;

/// <summary>
/// Logs in Redis's format (<c>pid:M 25 Nov 2026 17:20:00.123 * message</c>) to standard output or to
/// <c>logfile</c>, filtered by <c>loglevel</c> (debug, verbose, notice, warning).
/// </summary>
internal sealed class RedisStyleLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _output;
    private readonly Lock _gate = new();

    public RedisStyleLoggerProvider(ServerOptions options)
    {
        _output = options.LogFile.Length == 0
            ? Console.Out
            : new StreamWriter(new FileStream(options.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>Redis levels map onto .NET levels: warning → Warning, notice → Information, verbose → Debug, debug → Trace.</summary>
    public static LogLevel ToLogLevel(string redisLevel) => redisLevel switch
    {
        "warning" => LogLevel.Warning,
        "notice" => LogLevel.Information,
        "verbose" => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
        if (!ReferenceEquals(_output, Console.Out))
        {
            _output.Dispose();
        }
    }

    private void Write(LogLevel level, string message)
    {
        char mark = level switch
        {
            >= LogLevel.Warning => '#',
            LogLevel.Information => '*',
            LogLevel.Debug => '-',
            _ => '.',
        };
        string line = $"{Environment.ProcessId}:M {DateTime.Now.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture)} {mark} {message}";
        lock (_gate)
        {
            _output.WriteLine(line);
        }
    }

    private sealed class Logger(RedisStyleLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            if (exception is not null)
            {
                message += " " + exception.Message;
            }
            provider.Write(logLevel, message);
        }
    }
}
