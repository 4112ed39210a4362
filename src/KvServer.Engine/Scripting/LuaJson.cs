using System.Buffers;
using System.Text;
using KeraLua;

namespace KvServer.Engine.Scripting;

/// <summary>
/// cjson for scripts, with the behaviour of the Lua CJSON 2.1.0 that Redis 7.0 bundles (deps/lua/src/lua_cjson.c):
/// encode/decode, the configuration functions (encode_sparse_array, encode_max_depth, decode_max_depth,
/// encode_number_precision, encode_keep_buffer, encode_invalid_numbers, decode_invalid_numbers) and new().
/// JSON null is a NULL light userdata (cjson.null), numbers print with "%.14g", "/" is escaped as "\/".
/// </summary>
/// <remarks>
/// One instance per Lua state: the configuration outlives a script, as in Redis (until SCRIPT FLUSH). The prelude
/// calls <see cref="Dispatch"/> as raw_json(operation, config, ...) and raises the errors it returns.
/// </remarks>
internal sealed class LuaJson
{
    private const int DefaultMaxDepth = 1000;

    private readonly List<JsonConfig> _configs = [new JsonConfig()];

    /// <summary>Forgets every configuration change (a fresh Lua state).</summary>
    public void Reset()
    {
        _configs.Clear();
        _configs.Add(new JsonConfig());
    }

    /// <summary>raw_json(operation, config, args...) -> true, results... | false, message.</summary>
    public int Dispatch(IntPtr state)
    {
        Lua lua = Lua.FromIntPtr(state);
        try
        {
            string operation = lua.ToString(1) ?? "";
            if (operation == "new")
            {
                _configs.Add(new JsonConfig());
                lua.PushBoolean(true);
                lua.PushInteger(_configs.Count - 1);
                return 2;
            }
            JsonConfig config = _configs[(int)lua.ToInteger(2)];
            const int first = 3;
            int count = lua.GetTop() - 2;
            return operation switch
            {
                "encode" => Encode(lua, config, first, count),
                "decode" => Decode(lua, config, first, count),
                _ => Configure(lua, config, operation, first, count),
            };
        }
        catch (Exception ex)
        {
            return LuaRunner.PushFailure(lua, ex.Message);
        }
    }

    private static int Encode(Lua lua, JsonConfig config, int first, int count)
    {
        if (count != 1)
        {
            return LuaRunner.PushFailure(lua, Lua51.BadArgument(1, "encode", "expected 1 argument"));
        }
        var encoder = new JsonEncoder(lua, config);
        lua.SetTop(first);
        if (!encoder.Append())
        {
            lua.SetTop(first);
            return LuaRunner.PushFailure(lua, encoder.Error!);
        }
        lua.SetTop(first);
        lua.PushBoolean(true);
        lua.PushBuffer(encoder.Output.WrittenSpan.ToArray());
        return 2;
    }

    private static int Decode(Lua lua, JsonConfig config, int first, int count)
    {
        if (count != 1)
        {
            return LuaRunner.PushFailure(lua, Lua51.BadArgument(1, "decode", "expected 1 argument"));
        }
        if (!Lua51.CheckString(lua, first, 1, "decode", out byte[] text, out string? error))
        {
            return LuaRunner.PushFailure(lua, error!);
        }
        if (text.Length >= 2 && (text[0] == 0 || text[1] == 0))
        {
            return LuaRunner.PushFailure(lua, "JSON parser does not support UTF-16 or UTF-32");
        }
        int top = lua.GetTop();
        lua.PushBoolean(true);
        var decoder = new JsonDecoder(lua, config, text);
        if (!decoder.DecodeDocument())
        {
            lua.SetTop(top);
            return LuaRunner.PushFailure(lua, decoder.Error!);
        }
        return 2;
    }

    // The configuration functions: json_arg_init checks the count, then each option reads or sets one setting.
    private static int Configure(Lua lua, JsonConfig config, string operation, int first, int count)
    {
        int maxArguments = operation == "encode_sparse_array" ? 3 : 1;
        if (count > maxArguments)
        {
            return LuaRunner.PushFailure(lua, Lua51.BadArgument(maxArguments + 1, operation, "found too many arguments"));
        }
        lua.SetTop(first - 1 + maxArguments);
        int top = lua.GetTop();
        lua.PushBoolean(true);
        string? error;
        switch (operation)
        {
            case "encode_sparse_array":
                if (!EnumOption(lua, first, operation, ref config.EncodeSparseConvert, null, out error)
                    || !IntegerOption(lua, first + 1, operation, ref config.EncodeSparseRatio, 0, int.MaxValue, out error)
                    || !IntegerOption(lua, first + 2, operation, ref config.EncodeSparseSafe, 0, int.MaxValue, out error))
                {
                    break;
                }
                return 4;
            case "encode_max_depth":
                if (!IntegerOption(lua, first, operation, ref config.EncodeMaxDepth, 1, int.MaxValue, out error))
                {
                    break;
                }
                return 2;
            case "decode_max_depth":
                if (!IntegerOption(lua, first, operation, ref config.DecodeMaxDepth, 1, int.MaxValue, out error))
                {
                    break;
                }
                return 2;
            case "encode_number_precision":
                if (!IntegerOption(lua, first, operation, ref config.EncodeNumberPrecision, 1, 14, out error))
                {
                    break;
                }
                return 2;
            case "encode_keep_buffer":
                if (!EnumOption(lua, first, operation, ref config.EncodeKeepBuffer, null, out error))
                {
                    break;
                }
                return 2;
            case "encode_invalid_numbers":
                if (!EnumOption(lua, first, operation, ref config.EncodeInvalidNumbers, ["off", "on", "null"], out error))
                {
                    break;
                }
                return 2;
            case "decode_invalid_numbers":
                if (!EnumOption(lua, first, operation, ref config.DecodeInvalidNumbers, null, out error))
                {
                    break;
                }
                return 2;
            default:
                error = "unknown cjson function";
                break;
        }
        lua.SetTop(top);
        return LuaRunner.PushFailure(lua, error!);
    }

    // json_integer_option: the range error names argument #1 whatever the option's position, as cjson does.
    private static bool IntegerOption(Lua lua, int index, string function, ref int setting, int min, int max, out string? error)
    {
        error = null;
        if (lua.Type(index) != LuaType.Nil)
        {
            if (!Lua51.CheckInteger(lua, index, index - 2, function, out long value, out error))
            {
                return false;
            }
            int truncated = unchecked((int)value);
            if (truncated < min || truncated > max)
            {
                error = Lua51.BadArgument(1, function, $"expected integer between {min} and {max}");
                return false;
            }
            setting = truncated;
        }
        lua.PushInteger(setting);
        return true;
    }

    // json_enum_option with bool_true = 1: a boolean, or one of the option names ("off"/"on" by default).
    private static bool EnumOption(Lua lua, int index, string function, ref int setting, string[]? options, out string? error)
    {
        error = null;
        options ??= ["off", "on"];
        LuaType type = lua.Type(index);
        if (type == LuaType.Boolean)
        {
            setting = lua.ToBoolean(index) ? 1 : 0;
        }
        else if (type != LuaType.Nil)
        {
            if (!Lua51.CheckString(lua, index, index - 2, function, out byte[] name, out error))
            {
                return false;
            }
            int found = Array.IndexOf(options, Encoding.Latin1.GetString(name));
            if (found < 0)
            {
                error = Lua51.BadArgument(index - 2, function, $"invalid option '{Encoding.Latin1.GetString(name)}'");
                return false;
            }
            setting = found;
        }
        if (setting <= 1)
        {
            lua.PushBoolean(setting == 1);
        }
        else
        {
            lua.PushString(options[setting]);
        }
        return true;
    }

    /// <summary>One cjson configuration (json_config_t).</summary>
    internal sealed class JsonConfig
    {
        public int EncodeSparseConvert;
        public int EncodeSparseRatio = 2;
        public int EncodeSparseSafe = 10;
        public int EncodeMaxDepth = DefaultMaxDepth;
        public int DecodeMaxDepth = DefaultMaxDepth;
        public int EncodeInvalidNumbers;
        public int DecodeInvalidNumbers = 1;
        public int EncodeKeepBuffer = 1;
        public int EncodeNumberPrecision = 14;
    }

    /// <summary>
    /// json_append_data and friends. Tracks the 5.1 C stack use so "excessive nesting" triggers where Redis's
    /// lua_checkstack would fail when encode_max_depth is raised.
    /// </summary>
    private sealed class JsonEncoder(Lua lua, JsonConfig config)
    {
        private int _cStackTop = 1;

        public ArrayBufferWriter<byte> Output { get; } = new();

        public string? Error { get; private set; }

        /// <summary>Appends the value on top of the stack.</summary>
        public bool Append() => AppendValue(0);

        private bool AppendValue(int depth)
        {
            switch (lua.Type(-1))
            {
                case LuaType.String:
                    AppendString(lua.ToBuffer(-1, false) ?? []);
                    return true;
                case LuaType.Number:
                    return AppendNumber(-1);
                case LuaType.Boolean:
                    Write(lua.ToBoolean(-1) ? "true"u8 : "false"u8);
                    return true;
                case LuaType.Table:
                    return AppendTable(depth + 1);
                case LuaType.Nil:
                    Write("null"u8);
                    return true;
                case LuaType.LightUserData when lua.ToUserData(-1) == IntPtr.Zero:
                    Write("null"u8);
                    return true;
                default:
                    return Fail($"Cannot serialise {Lua51.TypeName(lua.Type(-1))}: type not supported");
            }
        }

        private bool Fail(string message)
        {
            Error = message;
            return false;
        }

        private void Write(ReadOnlySpan<byte> bytes) => Output.Write(bytes);

        private void Write(byte b)
        {
            Output.GetSpan(1)[0] = b;
            Output.Advance(1);
        }

        private void AppendString(ReadOnlySpan<byte> text)
        {
            Write((byte)'"');
            foreach (byte c in text)
            {
                switch (c)
                {
                    case (byte)'"': Write("\\\""u8); break;
                    case (byte)'\\': Write("\\\\"u8); break;
                    case (byte)'/': Write("\\/"u8); break;
                    case (byte)'\b': Write("\\b"u8); break;
                    case (byte)'\t': Write("\\t"u8); break;
                    case (byte)'\n': Write("\\n"u8); break;
                    case (byte)'\f': Write("\\f"u8); break;
                    case (byte)'\r': Write("\\r"u8); break;
                    case < 0x20 or 0x7f:
                        Write("\\u00"u8);
                        Write((byte)"0123456789abcdef"[c >> 4]);
                        Write((byte)"0123456789abcdef"[c & 0xf]);
                        break;
                    default: Write(c); break;
                }
            }
            Write((byte)'"');
        }

        private bool AppendNumber(int index)
        {
            double number = lua.IsInteger(index) ? lua.ToInteger(index) : lua.ToNumber(index);
            if (double.IsNaN(number) || double.IsInfinity(number))
            {
                switch (config.EncodeInvalidNumbers)
                {
                    case 0:
                        return Fail("Cannot serialise number: must not be NaN or Inf");
                    case 1 when double.IsNaN(number):
                        Write("nan"u8);
                        return true;
                    case 2:
                        Write("null"u8);
                        return true;
                }
            }
            Write(Encoding.ASCII.GetBytes(Lua51.FormatG(number, config.EncodeNumberPrecision)));
            return true;
        }

        private bool AppendTable(int depth)
        {
            if (depth > config.EncodeMaxDepth || _cStackTop + 3 > Lua51.MaxCStack || !lua.CheckStack(4))
            {
                return Fail($"Cannot serialise, excessive nesting ({depth})");
            }
            if (!ArrayLength(out int length))
            {
                return false;
            }
            return length > 0 ? AppendArray(depth, length) : AppendObject(depth);
        }

        // lua_array_length: the largest positive integer key when every key is one, else -1 (an object).
        private bool ArrayLength(out int length)
        {
            int max = 0;
            int items = 0;
            length = -1;
            lua.PushNil();
            while (lua.Next(-2))
            {
                lua.Pop(1);
                if (lua.Type(-1) == LuaType.Number)
                {
                    double key = lua.IsInteger(-1) ? lua.ToInteger(-1) : lua.ToNumber(-1);
                    if (key != 0 && Math.Floor(key) == key && key >= 1)
                    {
                        if (key > max)
                        {
                            max = Lua51.DoubleToInt32(key);
                        }
                        items++;
                        continue;
                    }
                }
                lua.Pop(1);
                return true;
            }
            if (config.EncodeSparseRatio > 0 && max > (long)items * config.EncodeSparseRatio && max > config.EncodeSparseSafe)
            {
                if (config.EncodeSparseConvert == 0)
                {
                    return Fail("Cannot serialise table: excessively sparse array");
                }
                return true;
            }
            length = max;
            return true;
        }

        private bool AppendArray(int depth, int length)
        {
            Write((byte)'[');
            _cStackTop++;
            for (int i = 1; i <= length; i++)
            {
                if (i > 1)
                {
                    Write((byte)',');
                }
                lua.RawGetInteger(-1, i);
                if (!AppendValue(depth))
                {
                    return false;
                }
                lua.Pop(1);
            }
            _cStackTop--;
            Write((byte)']');
            return true;
        }

        private bool AppendObject(int depth)
        {
            Write((byte)'{');
            _cStackTop += 2;
            bool comma = false;
            lua.PushNil();
            while (lua.Next(-2))
            {
                if (comma)
                {
                    Write((byte)',');
                }
                comma = true;
                switch (lua.Type(-2))
                {
                    case LuaType.Number:
                        Write((byte)'"');
                        if (!AppendNumber(-2))
                        {
                            return false;
                        }
                        Write("\":"u8);
                        break;
                    case LuaType.String:
                        AppendString(lua.ToBuffer(-2, false) ?? []);
                        Write((byte)':');
                        break;
                    default:
                        return Fail($"Cannot serialise {Lua51.TypeName(lua.Type(-2))}: table key must be a number or string");
                }
                if (!AppendValue(depth))
                {
                    return false;
                }
                lua.Pop(1);
            }
            _cStackTop -= 2;
            Write((byte)'}');
            return true;
        }
    }

    private enum TokenType
    {
        ObjectBegin,
        ObjectEnd,
        ArrayBegin,
        ArrayEnd,
        String,
        Number,
        Boolean,
        Null,
        Colon,
        Comma,
        End,
        Whitespace,
        Error,
        Unknown,
    }

    private struct Token
    {
        public TokenType Type;
        public int Index;
        public string? ErrorText;
        public byte[] Text;
        public double Number;
        public bool Boolean;
    }

    /// <summary>
    /// The cjson parser: a tokenizer over a NUL-terminated buffer (a NUL byte ends the text, as in C) and a
    /// recursive descent that pushes values on the Lua stack. Errors carry cjson's texts and 1-based offsets.
    /// </summary>
    private sealed class JsonDecoder(Lua lua, JsonConfig config, byte[] data)
    {
        private static readonly string[] TokenNames =
        [
            "T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING", "T_NUMBER", "T_BOOLEAN", "T_NULL",
            "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR", "T_UNKNOWN",
        ];

        private readonly List<byte> _scratch = [];
        private int _position;
        private int _depth;
        private int _cStackTop = 1;

        public string? Error { get; private set; }

        private byte At(int index) => index < data.Length ? data[index] : (byte)0;

        public bool DecodeDocument()
        {
            Token token = NextToken();
            if (!ProcessValue(ref token))
            {
                return false;
            }
            token = NextToken();
            if (token.Type != TokenType.End)
            {
                return ParseError("the end", token);
            }
            return true;
        }

        private bool ParseError(string expected, Token token)
        {
            string found = token.Type == TokenType.Error ? token.ErrorText! : TokenNames[(int)token.Type];
            Error = $"Expected {expected} but found {found} at character {token.Index + 1}";
            return false;
        }

        private static TokenType Classify(byte c) => c switch
        {
            (byte)'{' => TokenType.ObjectBegin,
            (byte)'}' => TokenType.ObjectEnd,
            (byte)'[' => TokenType.ArrayBegin,
            (byte)']' => TokenType.ArrayEnd,
            (byte)',' => TokenType.Comma,
            (byte)':' => TokenType.Colon,
            0 => TokenType.End,
            (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' => TokenType.Whitespace,
            (byte)'f' or (byte)'i' or (byte)'I' or (byte)'n' or (byte)'N' or (byte)'t' or (byte)'"' or (byte)'+' or (byte)'-' => TokenType.Unknown,
            >= (byte)'0' and <= (byte)'9' => TokenType.Unknown,
            _ => TokenType.Error,
        };

        private Token ErrorToken(string text) => new() { Type = TokenType.Error, Index = _position, ErrorText = text };

        private Token NextToken()
        {
            TokenType type;
            while ((type = Classify(At(_position))) == TokenType.Whitespace)
            {
                _position++;
            }
            var token = new Token { Type = type, Index = _position };
            if (type == TokenType.Error)
            {
                return ErrorToken("invalid token");
            }
            if (type == TokenType.End)
            {
                return token;
            }
            if (type != TokenType.Unknown)
            {
                _position++;
                return token;
            }
            byte c = At(_position);
            if (c == '"')
            {
                return StringToken();
            }
            if (c == '-' || c is >= (byte)'0' and <= (byte)'9')
            {
                if (config.DecodeInvalidNumbers == 0 && IsInvalidNumber())
                {
                    return ErrorToken("invalid number");
                }
                return NumberToken();
            }
            if (StartsWith("true"))
            {
                _position += 4;
                return new Token { Type = TokenType.Boolean, Index = token.Index, Boolean = true };
            }
            if (StartsWith("false"))
            {
                _position += 5;
                return new Token { Type = TokenType.Boolean, Index = token.Index };
            }
            if (StartsWith("null"))
            {
                _position += 4;
                return new Token { Type = TokenType.Null, Index = token.Index };
            }
            if (config.DecodeInvalidNumbers != 0 && IsInvalidNumber())
            {
                return NumberToken();
            }
            return ErrorToken("invalid token");
        }

        private bool StartsWith(string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (At(_position + i) != word[i])
                {
                    return false;
                }
            }
            return true;
        }

        // json_is_invalid_number: what strtod accepts but JSON does not ("+1", "0x1F", "01", inf, nan).
        private bool IsInvalidNumber()
        {
            int p = _position;
            if (At(p) == '+')
            {
                return true;
            }
            if (At(p) == '-')
            {
                p++;
            }
            byte c = At(p);
            if (c == '0')
            {
                byte next = At(p + 1);
                return (next | 0x20) == 'x' || next is >= (byte)'0' and <= (byte)'9';
            }
            if (c <= '9')
            {
                return false;
            }
            return MatchesIgnoreCase(p, "inf") || MatchesIgnoreCase(p, "nan");
        }

        private bool MatchesIgnoreCase(int p, string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if ((At(p + i) | 0x20) != word[i])
                {
                    return false;
                }
            }
            return true;
        }

        private Token NumberToken()
        {
            int terminator = Array.IndexOf(data, (byte)0, _position);
            ReadOnlySpan<byte> text = terminator < 0 ? data : data.AsSpan(0, terminator);
            double value = Lua51.Strtod(text, _position, out int end);
            if (end == _position)
            {
                return ErrorToken("invalid number");
            }
            var token = new Token { Type = TokenType.Number, Index = _position, Number = value };
            _position = end;
            return token;
        }

        private Token StringToken()
        {
            int start = _position;
            _position++;
            _scratch.Clear();
            byte c;
            while ((c = At(_position)) != '"')
            {
                if (c == 0)
                {
                    return ErrorToken("unexpected end of string");
                }
                if (c == '\\')
                {
                    byte escape = At(_position + 1);
                    if (escape == 'u')
                    {
                        if (!AppendUnicodeEscape())
                        {
                            return ErrorToken("invalid unicode escape code");
                        }
                        continue;
                    }
                    c = escape switch
                    {
                        (byte)'"' => (byte)'"',
                        (byte)'\\' => (byte)'\\',
                        (byte)'/' => (byte)'/',
                        (byte)'b' => (byte)'\b',
                        (byte)'t' => (byte)'\t',
                        (byte)'n' => (byte)'\n',
                        (byte)'f' => (byte)'\f',
                        (byte)'r' => (byte)'\r',
                        _ => 0,
                    };
                    if (c == 0)
                    {
                        return ErrorToken("invalid escape code");
                    }
                    _position++;
                }
                _scratch.Add(c);
                _position++;
            }
            _position++;
            return new Token { Type = TokenType.String, Index = start, Text = _scratch.ToArray() };
        }

        private int Hex4(int p)
        {
            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                byte c = At(p + i);
                int digit = c switch
                {
                    >= (byte)'0' and <= (byte)'9' => c - '0',
                    _ when (c | 0x20) is >= 'a' and <= 'f' => (c | 0x20) - 'a' + 10,
                    _ => -1,
                };
                if (digit < 0)
                {
                    return -1;
                }
                value = (value << 4) | digit;
            }
            return value;
        }

        // json_append_unicode_escape: \uXXXX, with surrogate pairs, to UTF-8.
        private bool AppendUnicodeEscape()
        {
            int escapeLength = 6;
            int codepoint = Hex4(_position + 2);
            if (codepoint < 0)
            {
                return false;
            }
            if ((codepoint & 0xF800) == 0xD800)
            {
                if ((codepoint & 0x400) != 0 || At(_position + 6) != '\\' || At(_position + 7) != 'u')
                {
                    return false;
                }
                int low = Hex4(_position + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00)
                {
                    return false;
                }
                codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                escapeLength = 12;
            }
            if (codepoint <= 0x7F)
            {
                _scratch.Add((byte)codepoint);
            }
            else if (codepoint <= 0x7FF)
            {
                _scratch.Add((byte)((codepoint >> 6) | 0xC0));
                _scratch.Add((byte)((codepoint & 0x3F) | 0x80));
            }
            else if (codepoint <= 0xFFFF)
            {
                _scratch.Add((byte)((codepoint >> 12) | 0xE0));
                _scratch.Add((byte)(((codepoint >> 6) & 0x3F) | 0x80));
                _scratch.Add((byte)((codepoint & 0x3F) | 0x80));
            }
            else
            {
                _scratch.Add((byte)((codepoint >> 18) | 0xF0));
                _scratch.Add((byte)(((codepoint >> 12) & 0x3F) | 0x80));
                _scratch.Add((byte)(((codepoint >> 6) & 0x3F) | 0x80));
                _scratch.Add((byte)((codepoint & 0x3F) | 0x80));
            }
            _position += escapeLength;
            return true;
        }

        private bool Descend(int slots)
        {
            _depth++;
            if (_depth <= config.DecodeMaxDepth && _cStackTop + slots <= Lua51.MaxCStack && lua.CheckStack(slots + 1))
            {
                return true;
            }
            Error = $"Found too many nested data structures ({_depth}) at character {_position}";
            return false;
        }

        private bool ProcessValue(ref Token token)
        {
            switch (token.Type)
            {
                case TokenType.String:
                    lua.PushBuffer(token.Text);
                    return true;
                case TokenType.Number:
                    Lua51.PushNumber(lua, token.Number);
                    return true;
                case TokenType.Boolean:
                    lua.PushBoolean(token.Boolean);
                    return true;
                case TokenType.Null:
                    lua.PushLightUserData(IntPtr.Zero);
                    return true;
                case TokenType.ObjectBegin:
                    return ParseObject();
                case TokenType.ArrayBegin:
                    return ParseArray();
                default:
                    return ParseError("value", token);
            }
        }

        private bool ParseObject()
        {
            if (!Descend(3))
            {
                return false;
            }
            lua.NewTable();
            _cStackTop++;
            Token token = NextToken();
            if (token.Type == TokenType.ObjectEnd)
            {
                Ascend();
                return true;
            }
            while (true)
            {
                if (token.Type != TokenType.String)
                {
                    return ParseError("object key string", token);
                }
                lua.PushBuffer(token.Text);
                _cStackTop++;
                token = NextToken();
                if (token.Type != TokenType.Colon)
                {
                    return ParseError("colon", token);
                }
                token = NextToken();
                if (!ProcessValue(ref token))
                {
                    return false;
                }
                lua.RawSet(-3);
                _cStackTop--;
                token = NextToken();
                if (token.Type == TokenType.ObjectEnd)
                {
                    Ascend();
                    return true;
                }
                if (token.Type != TokenType.Comma)
                {
                    return ParseError("comma or object end", token);
                }
                token = NextToken();
            }
        }

        private bool ParseArray()
        {
            if (!Descend(2))
            {
                return false;
            }
            lua.NewTable();
            _cStackTop++;
            Token token = NextToken();
            if (token.Type == TokenType.ArrayEnd)
            {
                Ascend();
                return true;
            }
            for (long i = 1; ; i++)
            {
                if (!ProcessValue(ref token))
                {
                    return false;
                }
                lua.RawSetInteger(-2, i);
                token = NextToken();
                if (token.Type == TokenType.ArrayEnd)
                {
                    Ascend();
                    return true;
                }
                if (token.Type != TokenType.Comma)
                {
                    return ParseError("comma or array end", token);
                }
                token = NextToken();
            }
        }

        private void Ascend()
        {
            _depth--;
            _cStackTop--;
        }
    }
}
