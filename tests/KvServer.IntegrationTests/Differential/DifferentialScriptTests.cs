using KvServer.IntegrationTests.Infrastructure;

namespace KvServer.IntegrationTests.Differential;

/// <summary>
/// Hand-written differential scripts for paths the generator does not reach: the dispatcher's own errors
/// (unknown command, arity), inline commands, binary-safe arguments, and each protocol.
/// </summary>
public class DifferentialScriptTests : IClassFixture<ServerFixture>, IClassFixture<RedisServerFixture>
{
    private readonly ServerFixture _kvServer;
    private readonly RedisServerFixture _redis;

    public DifferentialScriptTests(ServerFixture kvServer, RedisServerFixture redis)
    {
        _kvServer = kvServer;
        _redis = redis;
    }

    [RequiresFact("get", "set", "echo", "ping", Tool = Executables.RedisServer)]
    public void UnknownCommandAndArityErrors_MatchRedis() => SameReplies("""
        NOSUCHCOMMAND
        NOSUCHCOMMAND a b "c d"
        nosuchcommand ""
        "" a
        NOSUCH aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        NOSUCH "a\r\nb"
        GET
        GET a b
        get
        SET k
        ECHO
        ECHO a b
        """);

    // PING's own argument check (it is variadic in the table) comes with the connection family.
    [RequiresFact("hello", "ping", Tool = Executables.RedisServer)]
    public void Ping_WithTwoArguments_ReturnsArityError() => SameReplies("""
        PING a b
        PING a b c
        """);

    // Redis formats the arguments with %.*s, so a NUL byte ends the quoted argument.
    [RequiresFact(Tool = Executables.RedisServer)]
    public void UnknownCommand_WithNulInArgument_MatchesRedis() => SameReplies("""
        NOSUCH "\x00\xff" "ab\x00cd"
        """);

    [RequiresFact("get", "set", "echo", "ping", Tool = Executables.RedisServer)]
    public void SkeletonCommands_WithBinaryAndEmptyArguments_MatchRedis() => SameReplies("""
        PING
        PING hello
        PING ""
        ECHO "\x00\x01\xff\r\n"
        ECHO ""
        SET script:k v
        GET script:k
        GET script:missing
        SET script:k "\x00binary\xff"
        GET script:k
        SET "" ""
        GET ""
        set script:k 12345678901234567890
        get script:k
        SET script:k -1
        GET script:k
        """);

    [RequiresFact("echo", "ping", Tool = Executables.RedisServer)]
    public void InlineCommands_MatchRedis() =>
        DifferentialAssert.SameRawReplies(_kvServer.Port, _redis.Port,
            RespClient.Bytes("PING\r\nping hello\r\n   ECHO   spaced   \r\nECHO \"a b\"\r\nECHO 'c d'\r\nECHO \"\\x41\\n\"\r\n\r\nPING\n"), 7);

    [RequiresFact("echo", "ping", Tool = Executables.RedisServer)]
    public void MultibulkCommands_WithLowerCaseAndMixedCaseNames_MatchRedis() =>
        DifferentialAssert.SameRawReplies(_kvServer.Port, _redis.Port,
            RespClient.Bytes("*1\r\n$4\r\nping\r\n*2\r\n$4\r\nPiNg\r\n$0\r\n\r\n*2\r\n$4\r\necho\r\n$3\r\na\nb\r\n"), 3);

    [RequiresFact("hello", "get", "set", "ping", Tool = Executables.RedisServer)]
    public void Resp3_SkeletonCommands_MatchRedis() => SameReplies("""
        PING
        SET script3:k v
        GET script3:k
        GET script3:missing
        NOSUCHCOMMAND x
        """, protocol: 3);

    private void SameReplies(string script, int protocol = 2) =>
        DifferentialAssert.SameReplies(_kvServer.Port, _redis.Port, script, protocol);
}
