using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

public class ScriptingCommandsTests
{
    private const string GetSha = "4e6d8fc8bb01276962cce5371fa795a7763657ae"; // return redis.call('get', KEYS[1])

    [Fact]
    public void Eval_ReturnsKeysAndArgv()
    {
        var h = new CommandHarness();
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\na\r\n", h.Run("EVAL", "return {KEYS[1], ARGV[1]}", "1", "k", "a"));
    }

    [Theory]
    [InlineData("return 3.99", ":3\r\n")]
    [InlineData("return true", ":1\r\n")]
    [InlineData("return false", "$-1\r\n")]
    [InlineData("return nil", "$-1\r\n")]
    [InlineData("return {1, 2, 3.9, 'a', {err = 'x'}}", "*5\r\n:1\r\n:2\r\n:3\r\n$1\r\na\r\n-x\r\n")]
    [InlineData("return {1, nil, 3}", "*1\r\n:1\r\n")]
    [InlineData("return {err = 'custom'}", "-custom\r\n")]
    [InlineData("return redis.error_reply('My Error')", "-My Error\r\n")]
    [InlineData("return redis.status_reply('FINE')", "+FINE\r\n")]
    [InlineData("return {double = 3.5}", "$3\r\n3.5\r\n")]
    [InlineData("return math.huge", ":-9223372036854775808\r\n")]
    [InlineData("return _VERSION", "$7\r\nLua 5.1\r\n")]
    [InlineData("return redis.sha1hex('abc')", "$40\r\na9993e364706816aba3e25717850c26c9cd0d89d\r\n")]
    [InlineData("return unpack({1, 2})", ":1\r\n")]
    [InlineData("return bit.band(7, 3)", ":3\r\n")]
    [InlineData("return bit.bnot(0)", ":-1\r\n")]
    [InlineData("return bit.tohex(255)", "$8\r\n000000ff\r\n")]
    [InlineData("return loadstring('return 1')()", ":1\r\n")]
    [InlineData("return redis.call('ping')", "+PONG\r\n")]
    [InlineData("return type(redis.call('get', 'nokey'))", "$7\r\nboolean\r\n")]
    [InlineData("return redis.pcall('nosuch')", "-ERR Unknown Redis command called from script\r\n")]
    public void Eval_ConvertsLuaValuesAsRedis(string script, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run("EVAL", script, "0"));
    }

    [Theory]
    [InlineData("return true", ":1\r\n")]
    [InlineData("return false", "_\r\n")]
    [InlineData("redis.setresp(3) return true", "#t\r\n")]
    [InlineData("redis.setresp(3) return false", "#f\r\n")]
    [InlineData("return nil", "_\r\n")]
    [InlineData("return {double = 3.5}", ",3.5\r\n")]
    [InlineData("return {map = {a = 1}}", "%1\r\n$1\r\na\r\n:1\r\n")]
    public void Eval_Resp3Client_GetsResp3Types(string script, string expected)
    {
        var h = new CommandHarness();
        h.UseResp3();
        Assert.Equal(expected, h.Run("EVAL", script, "0"));
    }

    [Theory]
    [InlineData("x = 5 return 1", "-ERR user_script:1: Attempt to modify a readonly table script: 69e2d89637089f4a3868fed2303ef92c5925a93b, on @user_script:1.\r\n")]
    [InlineData("return y", "-ERR user_script:1: Script attempted to access nonexistent global variable 'y' script: e278681ed961e2fb52881313e5c90fdd93749940, on @user_script:1.\r\n")]
    [InlineData("return redis.call('nosuch')", "-ERR Unknown Redis command called from script script: 206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.\r\n")]
    [InlineData("return redis.call('get')", "-ERR Wrong number of args calling Redis command from script script: f187dee77f607f7cff00bbabc9df38507582c78d, on @user_script:1.\r\n")]
    [InlineData("error('boom')", "-ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on @user_script:1.\r\n")]
    [InlineData("return redis.call()", "-ERR Please specify at least one argument for this redis lib call script: 0a907e1429221a4d85516cab7fd219a82a9439d8, on @user_script:1.\r\n")]
    [InlineData("return redis.call({})", "-ERR Lua redis lib command arguments must be strings or integers script: 80747816df1f4411f7c442b928fce6a814214839, on @user_script:1.\r\n")]
    [InlineData("return redis.setresp(4)", "-ERR RESP version must be 2 or 3. script: 921c0a48021d97dfd5884aeea41875972c7804d9, on @user_script:1.\r\n")]
    [InlineData("string.x = 1", "-ERR user_script:1: Attempt to modify a readonly table script: c3eb0a2a15b3d4790b323c4104029c1ae425a769, on @user_script:1.\r\n")]
    [InlineData("return redis.call('eval','return 1',0)", "-ERR This Redis command is not allowed from script script: 595931feb16e9cba240a2e4c6a852627761118e3, on @user_script:1.\r\n")]
    [InlineData("return os.time()", "-ERR user_script:1: Script attempted to access nonexistent global variable 'os' script: 13dea82ee9da896aebcd10f5e36f4a1eeb839b48, on @user_script:1.\r\n")]
    public void Eval_Errors_MatchRedisText(string script, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run("EVAL", script, "0"));
    }

    [Fact]
    public void Eval_NumkeysErrors()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Number of keys can't be negative\r\n", h.Run("EVAL", "return 1", "-1"));
        Assert.Equal("-ERR Number of keys can't be greater than number of args\r\n", h.Run("EVAL", "return 1", "3", "a"));
        Assert.Equal("-ERR value is not an integer or out of range\r\n", h.Run("EVAL", "return 1", "x"));
    }

    [Fact]
    public void Eval_CompileError_ReportsIt()
    {
        var h = new CommandHarness();
        Assert.StartsWith("-ERR Error compiling script (new function): user_script:1:", h.Run("EVAL", "return +", "0"));
    }

    [Fact]
    public void Evalsha_UsesScriptCache()
    {
        var h = new CommandHarness();
        Assert.Equal("-NOSCRIPT No matching script. Please use EVAL.\r\n", h.Run("EVALSHA", GetSha, "1", "k"));
        Assert.Equal($"$40\r\n{GetSha}\r\n", h.Run("SCRIPT", "LOAD", "return redis.call('get', KEYS[1])"));
        h.Run("SET", "k", "v");
        Assert.Equal("$1\r\nv\r\n", h.Run("EVALSHA", GetSha, "1", "k"));
        Assert.Equal("$1\r\nv\r\n", h.Run("EVALSHA", GetSha.ToUpperInvariant(), "1", "k"));
        Assert.Equal("*2\r\n:1\r\n:0\r\n", h.Run("SCRIPT", "EXISTS", GetSha, "0000000000000000000000000000000000000000"));
        Assert.Equal("+OK\r\n", h.Run("SCRIPT", "FLUSH"));
        Assert.Equal("*1\r\n:0\r\n", h.Run("SCRIPT", "EXISTS", GetSha));
    }

    [Fact]
    public void EvalRo_RefusesWrites()
    {
        var h = new CommandHarness();
        Assert.StartsWith("-ERR Write commands are not allowed from read-only scripts.", h.Run("EVAL_RO", "return redis.call('set', 'k', 'v')", "0"));
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Eval_WritesThroughRedisCall_AreVisible()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", h.Run("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v"));
        Assert.Equal("$1\r\nv\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void Eval_PcallOfRedisCall_CatchesTheError_AndNextCallStillWorks()
    {
        var h = new CommandHarness();
        Assert.Equal("+PONG\r\n", h.Run("EVAL", "pcall(redis.call, 'nosuch') return redis.call('ping')", "0"));
        // Redis 7.0's pcall hands back the error's text, not the error table.
        Assert.Equal("$44\r\nERR Unknown Redis command called from script\r\n", h.Run("EVAL", "local ok, e = pcall(redis.call, 'nosuch') return e", "0"));
        Assert.Equal("$-1\r\n", h.Run("EVAL", "local ok, e = pcall(redis.call, 'nosuch') return e.err", "0"));
    }

    [Fact]
    public void ScriptKill_WithoutRunningScript_IsNotBusy()
    {
        var h = new CommandHarness();
        Assert.Equal("-NOTBUSY No scripts in execution right now.\r\n", h.Run("SCRIPT", "KILL"));
    }
}
