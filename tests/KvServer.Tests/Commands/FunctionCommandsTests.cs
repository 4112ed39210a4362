using System.Text;
using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Commands;

/// <summary>
/// FCALL, FCALL_RO and FUNCTION *: every expected reply is what Redis 7.0.15 answered to the same commands.
/// Libraries and functions are listed in load order here; Redis lists them in dict order, so the
/// multi-function expectations below use the order a real server happened to give.
/// </summary>
public class FunctionCommandsTests
{
    private const string MyLib = "#!lua name=mylib\n"
        + "redis.register_function('myfunc', function(keys, args) return {keys[1], args[1]} end)\n"
        + "redis.register_function{function_name='ro', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes', 'allow-oom'}, description='desc'}";

    // The same library registering ro first, so our load order matches the order Redis listed.
    private const string MyLibListed = "#!lua name=mylib\n"
        + "redis.register_function{function_name='ro', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes', 'allow-oom'}, description='desc'}\n"
        + "redis.register_function('myfunc', function(keys, args) return {keys[1], args[1]} end)";

    private const string Lib = "#!lua name=lib\n"
        + "redis.register_function('f_err', function(keys, args) error('boom') end)\n"
        + "redis.register_function('f_call', function(keys, args) return redis.call('nosuch') end)\n"
        + "redis.register_function('f_keys', function(keys, args) return tostring(KEYS) end)\n"
        + "redis.register_function('f_glob', function(keys, args) x = 1 end)\n"
        + "redis.register_function('f_set', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n"
        + "redis.register_function{function_name='f_ro', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}}\n"
        + "local counter = 0\n"
        + "redis.register_function('f_count', function() counter = counter + 1 return counter end)\n"
        + "redis.register_function('f_json', function(keys, args) return cjson.encode({keys, args}) end)";

    // FUNCTION DUMP of MyLib from redis-server 7.0.15 (the code LZF-compressed).
    private const string MyLibDumpHex = "F5C340C5410D1F23216C7561206E616D653D6D796C69620A72656469732E72656769737465725F0B66756E6374696F6E28276D79400B02272C2040066012136B6579732C2061726773292072657475726E207B4013025B315D80162008057D20656E6429E00F55007BC04B005F60810227726F205F0863616C6C6261636B3DC01CE00B6880A6402A0428276765742036A0790029407020A40F6C6167733D7B276E6F2D777269746573202100272058106F772D6F6F6D277D2C206465736372697040C9013D27400C01277D0A009BF4B71F328011C8";

    // FUNCTION DUMP of a library too short to compress, and of no library at all.
    private const string SmallDumpHex = "F5404623216C7561206E616D653D736D616C6C0A72656469732E72656769737465725F66756E6374696F6E282773272C2066756E6374696F6E28292072657475726E203120656E64290A005E5475A2A94EEF22";
    private const string EmptyDumpHex = "0A005D9B5C400F7FA2DA";

    private static string Load(CommandHarness h, string code) => h.Run("FUNCTION", "LOAD", code);

    private static string Latin1(string hex) => Encoding.Latin1.GetString(Convert.FromHexString(hex));

    private static string RunBinary(CommandHarness h, params string[] args)
    {
        byte[][] bytes = new byte[args.Length][];
        for (int i = 0; i < args.Length; i++)
        {
            bytes[i] = Encoding.Latin1.GetBytes(args[i]);
        }
        return h.RunBytes(h.Client, bytes);
    }

    // A FUNCTION RESTORE payload around raw RDB bytes: RDB version 10 and the CRC64, as Redis builds it.
    private static string Payload(byte[] body, int version = 10)
    {
        byte[] data = [.. body, (byte)version, (byte)(version >> 8)];
        ulong crc = KvServer.Engine.Persistence.Crc64.Compute(0, data);
        return Encoding.Latin1.GetString([.. data, .. BitConverter.GetBytes(crc)]);
    }

    private static byte[] Function2(string code)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(code);
        return bytes.Length < 64
            ? [0xF5, (byte)bytes.Length, .. bytes]
            : [0xF5, (byte)(0x40 | (bytes.Length >> 8)), (byte)bytes.Length, .. bytes];
    }

    [Fact]
    public void FunctionLoad_ReturnsTheLibraryName_AndFcallRunsTheFunction()
    {
        var h = new CommandHarness();
        Assert.Equal("$5\r\nmylib\r\n", Load(h, MyLib));
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\na\r\n", h.Run("FCALL", "myfunc", "1", "k", "a"));
        Assert.Equal("*0\r\n", h.Run("FCALL", "MYFUNC", "0"));
        Assert.Equal("$-1\r\n", h.Run("FCALL_RO", "ro", "1", "k"));
        Assert.Equal("-ERR Can not execute a script with write flag using *_ro command.\r\n", h.Run("FCALL_RO", "myfunc", "0"));
    }

    [Fact]
    public void Fcall_ErrorsAndState_MatchRedis()
    {
        var h = new CommandHarness();
        Assert.Equal("$3\r\nlib\r\n", Load(h, Lib));
        Assert.Equal("-ERR user_function:2: boom script: f_err, on @user_function:2.\r\n", h.Run("FCALL", "f_err", "0"));
        Assert.Equal("-ERR Unknown Redis command called from script script: f_call, on @user_function:3.\r\n", h.Run("FCALL", "f_call", "0"));
        Assert.Equal("-ERR user_function:4: Script attempted to access nonexistent global variable 'KEYS' script: f_keys, on @user_function:4.\r\n", h.Run("FCALL", "f_keys", "0"));
        Assert.Equal("-ERR user_function:5: Attempt to modify a readonly table script: f_glob, on @user_function:5.\r\n", h.Run("FCALL", "f_glob", "0"));
        Assert.Equal("+OK\r\n", h.Run("FCALL", "f_set", "1", "k", "v"));
        Assert.Equal("$1\r\nv\r\n", h.Run("GET", "k"));
        Assert.Equal("-ERR Write commands are not allowed from read-only scripts. script: f_ro, on @user_function:7.\r\n", h.Run("FCALL", "f_ro", "1", "k", "v"));
        Assert.Equal(":1\r\n", h.Run("FCALL", "f_count", "0"));
        Assert.Equal(":2\r\n", h.Run("FCALL", "f_count", "0"));
        Assert.Equal("$17\r\n[[\"a\",\"b\"],[\"c\"]]\r\n", h.Run("FCALL", "f_json", "2", "a", "b", "c"));
    }

    [Theory]
    [InlineData("nosuch", "0", "-ERR Function not found\r\n")]
    [InlineData("f_set", "x", "-ERR Bad number of keys provided\r\n")]
    [InlineData("f_set", "-1", "-ERR Number of keys can't be negative\r\n")]
    [InlineData("f_set", "2", "-ERR Number of keys can't be greater than number of args\r\n")]
    public void Fcall_ArgumentErrors_CheckTheFunctionFirst(string function, string numKeys, string expected)
    {
        var h = new CommandHarness();
        Load(h, Lib);
        Assert.Equal(expected, h.Run("FCALL", function, numKeys, "a"));
    }

    [Fact]
    public void FcallRo_NoWritesFunction_RunsReadOnly()
    {
        var h = new CommandHarness();
        Load(h, Lib);
        Assert.Equal("-ERR Write commands are not allowed from read-only scripts. script: f_ro, on @user_function:7.\r\n", h.Run("FCALL_RO", "f_ro", "1", "k", "v"));
        Assert.Equal("-ERR Can not execute a script with write flag using *_ro command.\r\n", h.Run("FCALL_RO", "f_set", "1", "k", "v"));
        Assert.Equal("$-1\r\n", h.Run("GET", "k"));
    }

    [Fact]
    public void FunctionLoad_Replace_SwapsTheLibrary_AndAFailedReplaceKeepsTheOld()
    {
        var h = new CommandHarness();
        Load(h, Lib);
        Assert.Equal("-ERR Library 'lib' already exists\r\n", Load(h, "#!lua name=lib\nredis.register_function('other', function() end)"));
        Assert.Equal("$3\r\nlib\r\n", h.Run("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib\nredis.register_function('f_count', function() return 'new' end)"));
        Assert.Equal("$3\r\nnew\r\n", h.Run("FCALL", "f_count", "0"));
        Assert.Equal("-ERR Function not found\r\n", h.Run("FCALL", "f_err", "0"));
        Assert.Equal("-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'error'\r\n",
            h.Run("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib\nerror('x')"));
        Assert.Equal("$3\r\nnew\r\n", h.Run("FCALL", "f_count", "0"));
        Assert.Equal("-ERR Function F_COUNT already exists\r\n", Load(h, "#!lua name=lib2\nredis.register_function('F_COUNT', function() end)"));
    }

    [Theory]
    [InlineData("return 1", "-ERR Missing library metadata\r\n")]
    [InlineData("#!lua", "-ERR Invalid library metadata\r\n")]
    [InlineData("#!lua name=a", "-ERR Invalid library metadata\r\n")]
    [InlineData("#!lua name=a\n", "-ERR No functions registered\r\n")]
    [InlineData("#!lua name=a foo=bar\n", "-ERR Invalid metadata value given: foo=bar\r\n")]
    [InlineData("#!lua name=a name=b\n", "-ERR Invalid metadata value, name argument was given multiple times\r\n")]
    [InlineData("#!lua2 name=a\n", "-ERR Engine 'lua2' not found\r\n")]
    [InlineData("#!lua name=a-b\n", "-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n")]
    [InlineData("#!lua2 name=a-b\nx", "-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n")]
    [InlineData("#!lua name=\"a b\"\nx", "-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n")]
    [InlineData("#!lua name=\"ab\nx", "-ERR Invalid library metadata\r\n")]
    [InlineData("#!\nx", "-ERR Library name was not given\r\n")]
    [InlineData("#! name=x\nx", "-ERR Engine '' not found\r\n")]
    [InlineData("#!lua name=\nx", "-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n")]
    [InlineData("#!lua name=a b\nx", "-ERR Invalid metadata value given: b\r\n")]
    [InlineData("#!LUA name=up\nredis.register_function('f', function() return 1 end)", "$2\r\nup\r\n")]
    [InlineData("#!lua Name=ab2\nredis.register_function('f', function() end)", "$3\r\nab2\r\n")]
    [InlineData("#!lua\tname=tt\nredis.register_function('f', function() end)", "$2\r\ntt\r\n")]
    [InlineData("#!lua name=\"ab\" \nredis.register_function('f', function() end)", "$2\r\nab\r\n")]
    [InlineData("#!lua \"name=ab\"\nredis.register_function('f', function() end)", "$2\r\nab\r\n")]
    [InlineData("#!lua name=a\"b\"\nredis.register_function('f', function() end)", "$2\r\nab\r\n")]
    [InlineData("#!lua name=\"\\x41B\"\nredis.register_function('f', function() end)", "$2\r\nAB\r\n")]
    [InlineData("#!lua name=rr\r\nredis.register_function('f', function() end)", "$2\r\nrr\r\n")]
    public void FunctionLoad_Metadata_MatchesRedis(string code, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, Load(h, code));
    }

    [Theory]
    [InlineData("redis.register_function()", "ERR wrong number of arguments to redis.register_function")]
    [InlineData("redis.register_function({})", "ERR redis.register_function must get a function name argument")]
    [InlineData("redis.register_function('a')", "ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).")]
    [InlineData("redis.register_function('a', function() end, 3)", "ERR wrong number of arguments to redis.register_function")]
    [InlineData("redis.register_function{function_name='a', callback=function() end, flags={'bad'}}", "ERR unknown flag given")]
    [InlineData("redis.register_function{function_name='a', callback=function() end, flags='no-writes'}", "ERR flags argument to redis.register_function must be a table representing function flags")]
    [InlineData("redis.register_function{function_name='a', callback=function() end, flags={1}}", "ERR unknown flag given")]
    [InlineData("redis.register_function{function_name='a', callback=function() end, foo=1}", "ERR unknown argument given to redis.register_function")]
    [InlineData("redis.register_function{function_name='a'}", "ERR redis.register_function must get a callback argument")]
    [InlineData("redis.register_function{callback=function() end}", "ERR redis.register_function must get a function name argument")]
    [InlineData("redis.register_function{function_name={}, callback=function() end}", "ERR function_name argument given to redis.register_function must be a string")]
    [InlineData("redis.register_function{function_name='a', callback=1}", "ERR callback argument given to redis.register_function must be a function")]
    [InlineData("redis.register_function{function_name='a', callback=function() end, description={}}", "ERR description argument given to redis.register_function must be a string")]
    [InlineData("redis.register_function{[1]='a', callback=function() end}", "ERR unknown argument given to redis.register_function")]
    [InlineData("redis.register_function('f b', function() return 1 end)", "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long")]
    [InlineData("redis.register_function('fb', function() return 1 end)\nredis.register_function('fb', function() return 1 end)", "ERR Function already exists in the library")]
    [InlineData("redis.register_function('fb', 1)", "ERR second argument to redis.register_function must be a function")]
    [InlineData("redis.call('ping')", "ERR user_function:2: Script attempted to access nonexistent global variable 'call'")]
    [InlineData("error('x')", "ERR user_function:2: Script attempted to access nonexistent global variable 'error'")]
    [InlineData("local x = y", "ERR user_function:2: Script attempted to access nonexistent global variable 'y'")]
    [InlineData("x = 1", "ERR user_function:2: Attempt to modify a readonly table")]
    [InlineData("redis.setresp(3)", "ERR user_function:2: Script attempted to access nonexistent global variable 'setresp'")]
    [InlineData("cjson.encode({})", "ERR user_function:2: Script attempted to access nonexistent global variable 'cjson'")]
    [InlineData("local x = _G", "ERR user_function:2: Script attempted to access nonexistent global variable '_G'")]
    [InlineData("local x = redis.foo", "ERR user_function:2: Script attempted to access nonexistent global variable 'foo'")]
    [InlineData("redis.foo = 1", "ERR user_function:2: Attempt to modify a readonly table")]
    [InlineData("redis.register_function('a', function() end) redis.log(1)", "ERR redis.log() requires two arguments or more.")]
    [InlineData("redis.register_function('a', function() end) redis.log('a', 'b')", "ERR First argument must be a number (log level).")]
    [InlineData("redis.register_function('a', function() end) redis.log(9, 'b')", "ERR Invalid debug level.")]
    [InlineData("redis.register_function('a', function() end) local function f() return 1 + nil end f()", "ERR user_function:2: attempt to perform arithmetic on a nil value")]
    public void FunctionLoad_RegistrationErrors_MatchRedis(string body, string error)
    {
        var h = new CommandHarness();
        Assert.Equal($"-ERR Error registering functions: {error}\r\n", Load(h, "#!lua name=b\n" + body));
        Assert.Equal("-ERR Library not found\r\n", h.Run("FUNCTION", "DELETE", "b"));
    }

    [Theory]
    [InlineData("redis.register_function{function_name=1, callback=function() end}")]
    [InlineData("redis.register_function{function_name='a', callback=function() end, description=1}")]
    [InlineData("redis.register_function{FUNCTION_NAME='a', CALLBACK=function() end, FLAGS={'NO-WRITES', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}")]
    [InlineData("redis.register_function(1, function() end)")]
    [InlineData("local t = redis.register_function; t('a', function() end)")]
    [InlineData("redis.register_function('a', function() end) redis.log(redis.LOG_WARNING, 'hi', redis.REDIS_VERSION, redis.REDIS_VERSION_NUM)")]
    [InlineData("redis.register_function('a', function() end) local s = ('x'):rep(3) local t = {} t[1] = s")]
    public void FunctionLoad_AcceptedRegistrations_MatchRedis(string body)
    {
        var h = new CommandHarness();
        Assert.Equal("$1\r\nb\r\n", Load(h, "#!lua name=b\n" + body));
    }

    [Fact]
    public void FunctionLoad_RunawayLibraryCode_TimesOut()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n", Load(h, "#!lua name=b\nwhile true do end"));
        Assert.Equal("$1\r\nb\r\n", Load(h, "#!lua name=b\nredis.register_function('a', function() return 1 end)"));
        Assert.Equal(":1\r\n", h.Run("FCALL", "a", "0"));
    }

    [Fact]
    public void FunctionLoad_CompileError_IsReported()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Error compiling function: user_function:2: unexpected symbol near '+'\r\n", Load(h, "#!lua name=b\nreturn +"));
    }

    [Fact]
    public void FunctionLoad_Options_MatchRedis()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR Unknown option given: foo\r\n", h.Run("FUNCTION", "LOAD", "foo", "#!lua name=b\n"));
        Assert.Equal("-ERR No functions registered\r\n", h.Run("FUNCTION", "LOAD", "replace", "REPLACE", "#!lua name=b\n"));
        Assert.Equal("-ERR wrong number of arguments for 'function|load' command\r\n", h.Run("FUNCTION", "LOAD"));
    }

    [Fact]
    public void Functions_RuntimeSurface_IsTheScriptApiWithoutKeysOrRegistration()
    {
        var h = new CommandHarness();
        Load(h, "#!lua name=g\n"
            + "redis.register_function('types', function() return {type(cjson), type(redis.register_function), type(pcall), type(_G)} end)\n"
            + "local saved = redis\n"
            + "redis.register_function('saved', function() return saved.REDIS_VERSION end)\n"
            + "redis.register_function('pc', function() local ok, e = pcall(redis.call, 'nosuch') return e end)");
        Assert.Equal("*4\r\n$5\r\ntable\r\n$3\r\nnil\r\n$8\r\nfunction\r\n$5\r\ntable\r\n", h.Run("FCALL", "types", "0"));
        Assert.Equal("$6\r\n7.0.15\r\n", h.Run("FCALL", "saved", "0"));
        Assert.Equal("$44\r\nERR Unknown Redis command called from script\r\n", h.Run("FCALL", "pc", "0"));
    }

    [Fact]
    public void Fcall_Resp2Replies_MatchRedis()
    {
        var h = new CommandHarness();
        Load(h, "#!lua name=r3\nredis.register_function('n', function() return nil end)\nredis.register_function('t', function() return true end)\n"
            + "redis.register_function('f', function() return false end)\nredis.register_function('d', function() return {double=1.5} end)");
        Assert.Equal("$-1\r\n", h.Run("FCALL", "n", "0"));
        Assert.Equal(":1\r\n", h.Run("FCALL", "t", "0"));
        Assert.Equal("$-1\r\n", h.Run("FCALL", "f", "0"));
        Assert.Equal("$3\r\n1.5\r\n", h.Run("FCALL", "d", "0"));
    }

    [Fact]
    public void Fcall_Resp3Replies_MatchRedis()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Load(h, "#!lua name=r3\nredis.register_function('n', function() return nil end)\nredis.register_function('t', function() return true end)\n"
            + "redis.register_function('t3', function() redis.setresp(3) return true end)\n"
            + "redis.register_function('d', function() return {double=1.5} end)\nredis.register_function('m', function() return {map={a=1}} end)\n"
            + "redis.register_function('e', function() return redis.pcall('get') end)");
        Assert.Equal("_\r\n", h.Run("FCALL", "n", "0"));
        Assert.Equal(":1\r\n", h.Run("FCALL", "t", "0"));
        Assert.Equal("#t\r\n", h.Run("FCALL", "t3", "0"));
        Assert.Equal(",1.5\r\n", h.Run("FCALL", "d", "0"));
        Assert.Equal("%1\r\n$1\r\na\r\n:1\r\n", h.Run("FCALL", "m", "0"));
        Assert.Equal("-ERR Wrong number of args calling Redis command from script\r\n", h.Run("FCALL", "e", "0"));
    }

    [Fact]
    public void FunctionList_Resp2_MatchesRedis()
    {
        var h = new CommandHarness();
        Load(h, MyLibListed);
        const string functions = "$9\r\nfunctions\r\n*2\r\n*6\r\n$4\r\nname\r\n$2\r\nro\r\n$11\r\ndescription\r\n$4\r\ndesc\r\n$5\r\nflags\r\n*2\r\n+no-writes\r\n+allow-oom\r\n"
            + "*6\r\n$4\r\nname\r\n$6\r\nmyfunc\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*0\r\n";
        Assert.Equal("*1\r\n*6\r\n$12\r\nlibrary_name\r\n$5\r\nmylib\r\n$6\r\nengine\r\n$3\r\nLUA\r\n" + functions, h.Run("FUNCTION", "LIST"));
        Assert.Equal("*1\r\n*8\r\n$12\r\nlibrary_name\r\n$5\r\nmylib\r\n$6\r\nengine\r\n$3\r\nLUA\r\n" + functions + $"$12\r\nlibrary_code\r\n${MyLibListed.Length}\r\n{MyLibListed}\r\n",
            h.Run("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "MY*"));
        Assert.Equal("*0\r\n", h.Run("FUNCTION", "LIST", "LIBRARYNAME", "x*"));
    }

    [Fact]
    public void FunctionList_Resp3_MatchesRedis()
    {
        var h = new CommandHarness();
        h.UseResp3();
        Load(h, MyLibListed);
        Assert.Equal("*1\r\n%3\r\n$12\r\nlibrary_name\r\n$5\r\nmylib\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*2\r\n"
            + "%3\r\n$4\r\nname\r\n$2\r\nro\r\n$11\r\ndescription\r\n$4\r\ndesc\r\n$5\r\nflags\r\n~2\r\n+no-writes\r\n+allow-oom\r\n"
            + "%3\r\n$4\r\nname\r\n$6\r\nmyfunc\r\n$11\r\ndescription\r\n_\r\n$5\r\nflags\r\n~0\r\n", h.Run("FUNCTION", "LIST"));
    }

    [Fact]
    public void FunctionList_AllFlags_InRedisOrder()
    {
        var h = new CommandHarness();
        Load(h, "#!lua name=allf\nredis.register_function{function_name='af', callback=function(keys, args) return 1 end, flags={'allow-cross-slot-keys','no-cluster','allow-stale','allow-oom','no-writes'}}");
        Assert.Equal("*1\r\n*6\r\n$12\r\nlibrary_name\r\n$4\r\nallf\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$2\r\naf\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n"
            + "*5\r\n+no-writes\r\n+allow-oom\r\n+allow-stale\r\n+no-cluster\r\n+allow-cross-slot-keys\r\n", h.Run("FUNCTION", "LIST", "LIBRARYNAME", "allf"));
    }

    [Theory]
    [InlineData(new[] { "LIBRARYNAME" }, "-ERR library name argument was not given\r\n")]
    [InlineData(new[] { "foo" }, "-ERR Unknown argument foo\r\n")]
    [InlineData(new[] { "withcode", "withcode" }, "-ERR Unknown argument withcode\r\n")]
    [InlineData(new[] { "libraryname", "a", "libraryname", "b" }, "-ERR Unknown argument libraryname\r\n")]
    public void FunctionList_BadArguments_MatchRedis(string[] arguments, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run(["FUNCTION", "LIST", .. arguments]));
    }

    [Fact]
    public void FunctionStats_Resp2AndResp3_MatchRedis()
    {
        var h = new CommandHarness();
        Load(h, MyLib);
        Assert.Equal("*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:2\r\n", h.Run("FUNCTION", "STATS"));
        h.UseResp3();
        Assert.Equal("%2\r\n$14\r\nrunning_script\r\n_\r\n$7\r\nengines\r\n%1\r\n$3\r\nLUA\r\n%2\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:2\r\n", h.Run("FUNCTION", "STATS"));
    }

    [Fact]
    public void FunctionDelete_IsCaseSensitive_AndRemovesTheFunctions()
    {
        var h = new CommandHarness();
        Load(h, Lib);
        Assert.Equal("-ERR Library not found\r\n", h.Run("FUNCTION", "DELETE", "LIB"));
        Assert.Equal("+OK\r\n", h.Run("FUNCTION", "DELETE", "lib"));
        Assert.Equal("-ERR Function not found\r\n", h.Run("FCALL", "f_count", "0"));
        Assert.Equal("-ERR Library not found\r\n", h.Run("FUNCTION", "DELETE", "lib"));
        Assert.Equal("$3\r\nlib\r\n", Load(h, Lib));
    }

    [Fact]
    public void FunctionFlush_RemovesEverything_AndChecksItsMode()
    {
        var h = new CommandHarness();
        Load(h, Lib);
        Assert.Equal("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n", h.Run("FUNCTION", "FLUSH", "foo"));
        Assert.Equal("-ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.\r\n", h.Run("FUNCTION", "FLUSH", "a", "b"));
        Assert.Equal("+OK\r\n", h.Run("FUNCTION", "FLUSH", "async"));
        Assert.Equal("*0\r\n", h.Run("FUNCTION", "LIST"));
        Assert.Equal("+OK\r\n", h.Run("FUNCTION", "FLUSH", "SYNC"));
        Assert.Equal("+OK\r\n", h.Run("FUNCTION", "FLUSH"));
        Assert.Equal("$3\r\nlib\r\n", Load(h, Lib));
    }

    [Fact]
    public void ScriptFlush_LeavesFunctions_AndFunctionFlushLeavesScripts()
    {
        var h = new CommandHarness();
        Load(h, Lib);
        string sha = h.Run("SCRIPT", "LOAD", "return 1");
        Assert.Equal("+OK\r\n", h.Run("SCRIPT", "FLUSH"));
        Assert.Equal(":1\r\n", h.Run("FCALL", "f_count", "0"));
        h.Run("SCRIPT", "LOAD", "return 1");
        Assert.Equal("+OK\r\n", h.Run("FUNCTION", "FLUSH"));
        Assert.Equal("*1\r\n:1\r\n", h.Run("SCRIPT", "EXISTS", sha.Split("\r\n")[1]));
    }

    [Fact]
    public void FunctionDump_IsByteForByteRedisPayload()
    {
        var h = new CommandHarness();
        Assert.Equal($"$10\r\n{Latin1(EmptyDumpHex)}\r\n", h.Run("FUNCTION", "DUMP"));
        Load(h, MyLib);
        string dump = Latin1(MyLibDumpHex);
        Assert.Equal($"${dump.Length}\r\n{dump}\r\n", h.Run("FUNCTION", "DUMP"));
        h.Run("FUNCTION", "FLUSH");
        Load(h, "#!lua name=small\nredis.register_function('s', function() return 1 end)");
        string small = Latin1(SmallDumpHex);
        Assert.Equal($"${small.Length}\r\n{small}\r\n", h.Run("FUNCTION", "DUMP"));
    }

    [Fact]
    public void FunctionRestore_RedisPayload_LoadsTheLibraries()
    {
        var h = new CommandHarness();
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Latin1(MyLibDumpHex)));
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\na\r\n", h.Run("FCALL", "myfunc", "1", "k", "a"));
        Assert.Equal("-ERR Library mylib already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Latin1(MyLibDumpHex)));
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Latin1(MyLibDumpHex), "REPLACE"));
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Latin1(SmallDumpHex), "FLUSH"));
        Assert.Equal("-ERR Function not found\r\n", h.Run("FCALL", "myfunc", "0"));
        Assert.Equal(":1\r\n", h.Run("FCALL", "s", "0"));
    }

    [Fact]
    public void FunctionRestore_DumpRoundTrip_KeepsCodeAndFunctions()
    {
        var h = new CommandHarness();
        Load(h, Lib);
        Load(h, MyLib);
        string reply = h.Run("FUNCTION", "DUMP");
        string payload = reply[(reply.IndexOf("\r\n", StringComparison.Ordinal) + 2)..^2];
        string list = h.Run("FUNCTION", "LIST", "WITHCODE");
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", payload, "FLUSH"));
        Assert.Equal(list, h.Run("FUNCTION", "LIST", "WITHCODE"));
    }

    [Fact]
    public void FunctionRestore_Collisions_MatchRedis()
    {
        var h = new CommandHarness();
        Load(h, MyLib);
        string zlib = "#!lua name=zlib\nredis.register_function('zf', function() return 7 end)";
        string lib2 = "#!lua name=mylib\nredis.register_function('zf2', function() return 7 end)";
        string lib3 = "#!lua name=qlib\nredis.register_function('myfunc', function() return 7 end)";
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2(zlib))));
        Assert.Equal(":7\r\n", h.Run("FCALL", "zf", "0"));
        Assert.Equal("-ERR Library zlib already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2(zlib))));
        Assert.Equal("-ERR Library mylib already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2(lib2))));
        Assert.Equal("-ERR Function myfunc already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2(lib3))));
        Assert.Equal("-ERR Function myfunc already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2(lib3)), "REPLACE"));
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2(lib2)), "REPLACE"));
        Assert.Equal(":7\r\n", h.Run("FCALL", "zf2", "0"));
        Assert.Equal("-ERR Function not found\r\n", h.Run("FCALL", "myfunc", "0"));
        Assert.Equal("-ERR Library 'zlib' already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([.. Function2(zlib), .. Function2(zlib)]), "FLUSH"));
        Assert.Equal(":7\r\n", h.Run("FCALL", "zf", "0"));
    }

    [Fact]
    public void FunctionRestore_PreGaFormat_IsRead()
    {
        var h = new CommandHarness();
        byte[] body = [0xF6, 4, .. "plib"u8, 3, .. "LUA"u8, 0, 55, .. "redis.register_function('pf', function() return 8 end)"u8];
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(body)));
        Assert.Equal(":8\r\n", h.Run("FCALL", "pf", "0"));
        byte[] described = [0xF6, 5, .. "plib2"u8, 3, .. "LUA"u8, 1, 4, .. "desc"u8, 55, .. "redis.register_function('pg', function() return 9 end)"u8];
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(described)));
        Assert.Equal(":9\r\n", h.Run("FCALL", "pg", "0"));
        // A pre-GA entry whose "name" swallows the whole code: the engine name is missing.
        byte[] truncated = [0xF6, .. Function2("#!lua name=qlib\nredis.register_function('myfunc', function() return 7 end)")[1..]];
        Assert.Equal("-ERR Failed loading engine name\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(truncated)));
    }

    [Fact]
    public void FunctionRestore_BadPayloads_MatchRedis()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR given type is not a function\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([0x00, 3, .. "abc"u8])));
        Assert.Equal("-ERR Failed loading library payload\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([0xF5])));
        Assert.Equal("-ERR Missing library metadata\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([0xF5, 0x05, (byte)'a', (byte)'b'])));
        Assert.Equal("-ERR Missing library metadata\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2("return 1"))));
        Assert.Equal("-ERR Missing library metadata\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([0xF5, 0xC0, 0x05])));
        Assert.Equal("-ERR Failed loading library payload\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([.. Function2("#!lua name=zlib\nredis.register_function('zf', function() return 7 end)"), 0xF5])));
        Assert.Equal("-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'error'\r\n",
            RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2("#!lua name=e\nerror(1)"))));
        Assert.Equal("-ERR No functions registered\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload(Function2("#!lua name=e\n"))));
        Assert.Equal("-ERR Function zq already exists\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([
            .. Function2("#!lua name=e\nredis.register_function('zq', function() return 7 end)"),
            .. Function2("#!lua name=e2\nredis.register_function('zq', function() return 7 end)")])));
        Assert.Equal("*0\r\n", h.Run("FUNCTION", "LIST"));
    }

    [Fact]
    public void FunctionRestore_VersionChecksumAndPolicy_MatchRedis()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([], 11)));
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([], 9)));
        Assert.Equal("+OK\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([])));
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", RunBinary(h, "FUNCTION", "RESTORE", Payload([])[..^1] + "x"));
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", h.Run("FUNCTION", "RESTORE", "short"));
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", h.Run("FUNCTION", "RESTORE", ""));
        Assert.Equal("-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n", h.Run("FUNCTION", "RESTORE", "x", "bad"));
        Assert.Equal("-ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION HELP.\r\n", h.Run("FUNCTION", "RESTORE", "x", "flush", "y"));
        Assert.Equal("-ERR DUMP payload version or checksum are wrong\r\n", h.Run("FUNCTION", "RESTORE", "x", "append"));
    }

    [Fact]
    public void FunctionKill_WithoutRunningScript_IsNotBusy()
    {
        var h = new CommandHarness();
        Assert.Equal("-NOTBUSY No scripts in execution right now.\r\n", h.Run("FUNCTION", "KILL"));
    }

    [Fact]
    public void FunctionHelp_MatchesRedis()
    {
        var h = new CommandHarness();
        string help = h.Run("FUNCTION", "HELP");
        Assert.StartsWith("*40\r\n+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+LOAD [REPLACE] <FUNCTION CODE>\r\n", help);
        Assert.Contains("+    * Library description\r\n", help);
        Assert.EndsWith("+HELP\r\n+    Prints this help.\r\n", help);
        Assert.Equal("-ERR unknown subcommand 'FOO'. Try FUNCTION HELP.\r\n", h.Run("FUNCTION", "FOO"));
    }

    [Fact]
    public void FunctionWrites_CountAsDirty()
    {
        var h = new CommandHarness();
        long before = h.Server.KeyspaceStats.Dirty;
        Load(h, Lib);
        h.Run("FUNCTION", "DELETE", "lib");
        h.Run("FUNCTION", "FLUSH");
        RunBinary(h, "FUNCTION", "RESTORE", Latin1(EmptyDumpHex));
        Assert.Equal(before + 4, h.Server.KeyspaceStats.Dirty);
    }
}
