using KvServer.Tests.Infrastructure;

namespace KvServer.Tests.Scripting;

/// <summary>
/// cjson in scripts, checked against Redis 7.0.15: every expected reply below is what a real redis-server
/// answered to the same EVAL (a fresh server: cjson's configuration persists between scripts).
/// </summary>
public class LuaJsonTests
{
    [Theory]
    [InlineData("return cjson.encode({1,2,3})", "$7\r\n[1,2,3]\r\n")]
    [InlineData("return cjson.encode({})", "$2\r\n{}\r\n")]
    [InlineData("return cjson.encode({a=1})", "$7\r\n{\"a\":1}\r\n")]
    [InlineData("return cjson.encode('a/b\"c\\\\d\\n\\r\\t\\b\\f' .. string.char(0,1,31,127,128,255))", "$48\r\n\"a\\/b\\\"c\\\\d\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\u0080\u00ff\"\r\n")]
    [InlineData("return cjson.encode(1.5)", "$3\r\n1.5\r\n")]
    [InlineData("return cjson.encode(0.1)", "$3\r\n0.1\r\n")]
    [InlineData("return cjson.encode(1/3)", "$16\r\n0.33333333333333\r\n")]
    [InlineData("return cjson.encode(100000000000000)", "$5\r\n1e+14\r\n")]
    [InlineData("return cjson.encode(1e15)", "$5\r\n1e+15\r\n")]
    [InlineData("return cjson.encode(123456789012345678)", "$19\r\n1.2345678901235e+17\r\n")]
    [InlineData("return cjson.encode(-0.0)", "$2\r\n-0\r\n")]
    [InlineData("return cjson.encode(1e-5)", "$5\r\n1e-05\r\n")]
    [InlineData("return cjson.encode(1e300)", "$6\r\n1e+300\r\n")]
    [InlineData("return cjson.encode(math.huge)", "-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: 457685e99227c138c112e42b2109a0d5a6d1ad23, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode(-math.huge)", "-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: 224e6c8b7ff905d525ddc9d8e7dde862c64cbfba, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode(0/0)", "-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: d3f8d4e745d6587b04e9dd216e0d4631f0a306d9, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode(true)", "$4\r\ntrue\r\n")]
    [InlineData("return cjson.encode(false)", "$5\r\nfalse\r\n")]
    [InlineData("return cjson.encode(nil)", "$4\r\nnull\r\n")]
    [InlineData("return cjson.encode(cjson.null)", "$4\r\nnull\r\n")]
    [InlineData("return cjson.encode({cjson.null, 1})", "$8\r\n[null,1]\r\n")]
    [InlineData("return cjson.encode({1, nil, 3})", "$10\r\n[1,null,3]\r\n")]
    [InlineData("return cjson.encode({[1]=1, [2]=2, [4]=4})", "$12\r\n[1,2,null,4]\r\n")]
    [InlineData("return cjson.encode({[1]=1, [20]=2})", "-ERR user_script:1: Cannot serialise table: excessively sparse array script: 5398dcf6ac07c847b25845ec79310fecde290dcf, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({[3]=1})", "$13\r\n[null,null,1]\r\n")]
    [InlineData("return cjson.encode({[11]=1})", "-ERR user_script:1: Cannot serialise table: excessively sparse array script: 2e08a70888b26974782620baf62c758392a37b7b, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({[0]=1})", "$7\r\n{\"0\":1}\r\n")]
    [InlineData("return cjson.encode({[-1]=1})", "$8\r\n{\"-1\":1}\r\n")]
    [InlineData("return cjson.encode({[1.5]=1})", "$9\r\n{\"1.5\":1}\r\n")]
    [InlineData("return cjson.encode({[true]=1})", "-ERR user_script:1: Cannot serialise boolean: table key must be a number or string script: 376a640005c8509c694166527ca834359bf69aa8, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({{}})", "$4\r\n[{}]\r\n")]
    [InlineData("return cjson.encode({{{}}, {a={b={}}}})", "$21\r\n[[{}],{\"a\":{\"b\":{}}}]\r\n")]
    [InlineData("return cjson.encode(function() end)", "-ERR user_script:1: Cannot serialise function: type not supported script: c6600573aa08cdf0af5da6e0ef682db69a3acc00, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode(coroutine.create(function() end))", "-ERR user_script:1: Cannot serialise thread: type not supported script: a6623ce6b732fc5d7a9f3cf8070e4ed88fffcddb, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({f=function() end})", "-ERR user_script:1: Cannot serialise function: type not supported script: f553a5b7a0a31cbdb6c2b020bf120caab5b65793, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode()", "-ERR user_script:1: bad argument #1 to 'encode' (expected 1 argument) script: fc593ea31f478c7ed65c77495cc63edeb9153530, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode(1, 2)", "-ERR user_script:1: bad argument #1 to 'encode' (expected 1 argument) script: e3a38cd8c1bb7de419304607b05108c80af53cbc, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({[math.huge]=1})", "-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: 294a06163f94d9dc633babe953da993083d82456, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({1, 'a', true, false, {x='y'}})", "$28\r\n[1,\"a\",true,false,{\"x\":\"y\"}]\r\n")]
    [InlineData("return cjson.encode(string.rep('x', 10))", "$12\r\n\"xxxxxxxxxx\"\r\n")]
    [InlineData("local t = {} local c = t for i=1,1000 do c[1] = {} c = c[1] end return cjson.encode(t)", "-ERR user_script:1: Cannot serialise, excessive nesting (1001) script: 933e68d089b515e5c94dce961112af7a8386e6bc, on @user_script:1.\r\n")]
    [InlineData("local t = {} local c = t for i=1,999 do c[1] = {} c = c[1] end return #cjson.encode(t)", ":2000\r\n")]
    [InlineData("local t = {} t[1] = t return cjson.encode(t)", "-ERR user_script:1: Cannot serialise, excessive nesting (1001) script: 576653f0096d47f87063058b9abe9085cdcd4f41, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('[1,2,3]')", "*3\r\n:1\r\n:2\r\n:3\r\n")]
    [InlineData("return cjson.decode('{\"a\":1}').a", ":1\r\n")]
    [InlineData("return tostring(cjson.decode('1'))", "$1\r\n1\r\n")]
    [InlineData("return tostring(cjson.decode('1.5'))", "$3\r\n1.5\r\n")]
    [InlineData("return tostring(cjson.decode('1e3'))", "$4\r\n1000\r\n")]
    [InlineData("return tostring(cjson.decode('100000000000000'))", "$5\r\n1e+14\r\n")]
    [InlineData("return tostring(cjson.decode('99999999999999'))", "$14\r\n99999999999999\r\n")]
    [InlineData("return tostring(cjson.decode('123456789012345678'))", "$19\r\n1.2345678901235e+17\r\n")]
    [InlineData("return tostring(cjson.decode('0x1F'))", "$2\r\n31\r\n")]
    [InlineData("return tostring(cjson.decode('01'))", "$1\r\n1\r\n")]
    [InlineData("return tostring(cjson.decode('+1'))", "$1\r\n1\r\n")]
    [InlineData("return tostring(cjson.decode('NaN'))", "$3\r\nnan\r\n")]
    [InlineData("return tostring(cjson.decode('nan'))", "$3\r\nnan\r\n")]
    [InlineData("return tostring(cjson.decode('Infinity'))", "$3\r\ninf\r\n")]
    [InlineData("return tostring(cjson.decode('-Infinity'))", "$4\r\n-inf\r\n")]
    [InlineData("return tostring(cjson.decode('inf'))", "$3\r\ninf\r\n")]
    [InlineData("return tostring(cjson.decode('-inf'))", "$4\r\n-inf\r\n")]
    [InlineData("return tostring(cjson.decode('1e400'))", "$3\r\ninf\r\n")]
    [InlineData("return tostring(cjson.decode('.5'))", "-ERR user_script:1: Expected value but found invalid token at character 1 script: c50bc58894f44fd6609387b61cbb6f292d69d39b, on @user_script:1.\r\n")]
    [InlineData("return tostring(cjson.decode('-'))", "-ERR user_script:1: Expected value but found invalid number at character 1 script: cfc3f0852d824d5425614b04a6ace5d7a20b6688, on @user_script:1.\r\n")]
    [InlineData("return tostring(cjson.decode('1.'))", "$1\r\n1\r\n")]
    [InlineData("return tostring(cjson.decode('1e'))", "-ERR user_script:1: Expected the end but found invalid token at character 2 script: 241eb9f619e56e05ab84953b2bfaa16e3c565ef3, on @user_script:1.\r\n")]
    [InlineData("return tostring(cjson.decode('0x'))", "-ERR user_script:1: Expected the end but found invalid token at character 2 script: 0a049bd860acda4f26b80947286fcaa8c3912b82, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('\"a\\\\u00e9b\"')", "$4\r\na\u00c3\u00a9b\r\n")]
    [InlineData("return cjson.decode('\"\\\\ud83d\\\\ude00\"')", "$4\r\n\u00f0\u009f\u0098\u0080\r\n")]
    [InlineData("return cjson.decode('\"\\\\ud83d\"')", "-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: a6c52b6928b77ab585254f4aad3a29c682736f38, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('\"\\\\ude00\"')", "-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: 8f5a5d0c62f864810e9d6f8da1941b32dfb7516e, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('\"\\\\u12\"')", "-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: abf3d7a6907669d8b3a294456e4dca885645512f, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('\"\\\\x\"')", "-ERR user_script:1: Expected value but found invalid escape code at character 2 script: e15fa517a0e30bc5ba472a9403d98fe6c88ca8e5, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('\"\\\\/\\\\\"\\\\\\\\\\\\b\\\\f\\\\n\\\\r\\\\t\"')", "$8\r\n/\"\\\u0008\u000c\n\r\t\r\n")]
    [InlineData("return cjson.decode('\"abc')", "-ERR user_script:1: Expected value but found unexpected end of string at character 5 script: 30d67c6fb8e066eef4796bfcc59cee500c381744, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{')", "-ERR user_script:1: Expected object key string but found T_END at character 2 script: 6c60bbb22c4b71b0415e4e539d6dc66cc27df21d, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\"')", "-ERR user_script:1: Expected colon but found T_END at character 5 script: 7e79737d44b47752451998b04c4f9fbd829395bc, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\":')", "-ERR user_script:1: Expected value but found T_END at character 6 script: 9ac0f551e097a39c64b39342e3f1952f29ac6e07, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\":1')", "-ERR user_script:1: Expected comma or object end but found T_END at character 7 script: 015a5794d1c3ef4bf06006b53c4b8c2ed3c0e795, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\":1,')", "-ERR user_script:1: Expected object key string but found T_END at character 8 script: 8511cb717f700a4c8fe44c854ca76b1739121fa6, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{1:2}')", "-ERR user_script:1: Expected object key string but found T_NUMBER at character 2 script: b7dfc51e0d5bf164c246fe708a2e33743e899be6, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('[1,')", "-ERR user_script:1: Expected value but found T_END at character 4 script: ad8248c68c719abd59f0dd09dea378bb946e7d3f, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('[1 2]')", "-ERR user_script:1: Expected comma or array end but found T_NUMBER at character 4 script: cae89247ef27d42d411c61ae44ff3af6ab258d99, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('[')", "-ERR user_script:1: Expected value but found T_END at character 2 script: fa22f6775c4b5a7555f7903baca8d69e9a2a52fd, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode(']')", "-ERR user_script:1: Expected value but found T_ARR_END at character 1 script: 5a5ce31025521bf6eb7c5a9d396fd071aaf8efec, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('')", "-ERR user_script:1: Expected value but found T_END at character 1 script: 7ff8cf86abed928f4d61a01dcc9713f0117b180a, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('   ')", "-ERR user_script:1: Expected value but found T_END at character 4 script: c55950cccca076561efcae12a56bc05b96a20dc4, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('1 2')", "-ERR user_script:1: Expected the end but found T_NUMBER at character 3 script: 1408d9a9f8459030a4a353692b905ad7a0ddb424, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('tru')", "-ERR user_script:1: Expected value but found invalid token at character 1 script: b0ae6f0426d6ff93bdff3364f547baa19aa4171b, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('nul')", "-ERR user_script:1: Expected value but found invalid token at character 1 script: 5586fdf8c512d9c8a68678c91a0de23617e84e25, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('falsey')", "-ERR user_script:1: Expected the end but found invalid token at character 6 script: 48ec69a5b158c9c2d3955a918ce2c314652ec95f, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('x')", "-ERR user_script:1: Expected value but found invalid token at character 1 script: 5f58dd5cefb3eb0313af3534f36be4b83e79ae80, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('@')", "-ERR user_script:1: Expected value but found invalid token at character 1 script: 94a3d70a8f631b52fe9d4a536233a1c9e885627c, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('[true,false,null]')", "*3\r\n:1\r\n$-1\r\n$-1\r\n")]
    [InlineData("return type(cjson.decode('null'))", "$8\r\nuserdata\r\n")]
    [InlineData("return cjson.decode('null') == cjson.null", ":1\r\n")]
    [InlineData("return tostring(cjson.null)", "$15\r\nuserdata: (nil)\r\n")]
    [InlineData("return type(cjson.null)", "$8\r\nuserdata\r\n")]
    [InlineData("return cjson.decode(123)", ":123\r\n")]
    [InlineData("return cjson.decode(nil)", "-ERR user_script:1: bad argument #1 to 'decode' (string expected, got nil) script: a844f6020def000abf40e0ee50e4a4bd8ed32ccd, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode()", "-ERR user_script:1: bad argument #1 to 'decode' (expected 1 argument) script: 5378278d59343caf5c3375a655dfea5e69ab8a74, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('1', 2)", "-ERR user_script:1: bad argument #1 to 'decode' (expected 1 argument) script: 4dee7eb34084cb8ce8cae2b2931531f03a96ba30, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('a' .. string.char(0))", "-ERR user_script:1: JSON parser does not support UTF-16 or UTF-32 script: 264198872ed2404bd15006fc3d05c77129a22397, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode(string.char(0) .. 'a')", "-ERR user_script:1: JSON parser does not support UTF-16 or UTF-32 script: 5ff4623761f30af2f837e5785578296baa054e0c, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('1' .. string.char(0) .. 'garbage')", "-ERR user_script:1: JSON parser does not support UTF-16 or UTF-32 script: 533c050f330c502d50d363634a4bb35db94af1d8, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('\"a' .. string.char(0) .. 'b\"')", "-ERR user_script:1: Expected value but found unexpected end of string at character 3 script: 9443f49657d76b61b9c25134b17d07b6b5f1629d, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000))[1] ~= nil", ":1\r\n")]
    [InlineData("return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))", "-ERR user_script:1: Found too many nested data structures (1001) at character 1001 script: 16688796523d8f6cf1ef0ab4577ccee2204836fc, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode(string.rep('{\"a\":', 1001) .. '1' .. string.rep('}', 1001))", "-ERR user_script:1: Found too many nested data structures (1001) at character 5001 script: 61e53886072422c6fe7d36d011546fce66f68a32, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\":{\"b\":[1,{\"c\":null}]}}').a.b[2].c == cjson.null", ":1\r\n")]
    [InlineData("return cjson.decode('[1,2,3,]')", "-ERR user_script:1: Expected value but found T_ARR_END at character 8 script: b54fa49c056ff9c9cb5ac92153948af649a56685, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\":1,}')", "-ERR user_script:1: Expected object key string but found T_OBJ_END at character 8 script: 7e3659dd873275ff5047e436b0cc31cc91d160e4, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\" 1}')", "-ERR user_script:1: Expected colon but found T_NUMBER at character 6 script: 3486ee24bfdfc100c738c73355e99954ef01d92f, on @user_script:1.\r\n")]
    [InlineData("return cjson.decode('{\"a\":1 \"b\":2}')", "-ERR user_script:1: Expected comma or object end but found T_STRING at character 8 script: 7e6d40e89e823b8e3c90db9a275f3a62289f33af, on @user_script:1.\r\n")]
    [InlineData("return {cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision()}", "*3\r\n:1000\r\n:1000\r\n:14\r\n")]
    [InlineData("return cjson.encode_max_depth('x')", "-ERR user_script:1: bad argument #1 to 'encode_max_depth' (number expected, got string) script: 4229217fa8b470676a16337a906e2b5a66e5a354, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_max_depth(0)", "-ERR user_script:1: bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647) script: f40da52b0819d675b8802812b1c4504462426d31, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_max_depth(1, 2)", "-ERR user_script:1: bad argument #2 to 'encode_max_depth' (found too many arguments) script: ebf9f090ab5ddd4b21a6e44e9f074da030afcaf9, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_number_precision(15)", "-ERR user_script:1: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14) script: bbd9450de606b026b51b67e7b961ff09397ea6dd, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_number_precision(0)", "-ERR user_script:1: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14) script: 208a2ca1783398233de006ab8a11e48151d6a3ec, on @user_script:1.\r\n")]
    [InlineData("return {cjson.encode_sparse_array(true, 'x')}", "-ERR user_script:1: bad argument #2 to 'encode_sparse_array' (number expected, got string) script: 9d0b23c3582ba1331e1ac301048b74d8b13de13a, on @user_script:1.\r\n")]
    [InlineData("return {cjson.encode_sparse_array(true, -1)}", "-ERR user_script:1: bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647) script: 818b4ae162468258a2c4f5283da58e8d6b8e2ac4, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_invalid_numbers('maybe')", "-ERR user_script:1: bad argument #1 to 'encode_invalid_numbers' (invalid option 'maybe') script: cc274de9dcb4191ad96cc35d6cd9de848bc40414, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_invalid_numbers({})", "-ERR user_script:1: bad argument #1 to 'encode_invalid_numbers' (string expected, got table) script: 0e36dc2a3a9c54f621a0ce6a0fef7557a16972bc, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode_keep_buffer('on')", ":1\r\n")]
    [InlineData("local c = cjson.new() c.encode_number_precision(3) return {c.encode(1/3), cjson.encode(1/3)}", "*2\r\n$5\r\n0.333\r\n$16\r\n0.33333333333333\r\n")]
    [InlineData("local c = cjson.new() c.encode_invalid_numbers(true) return {c.encode(0/0), c.encode(math.huge), c.encode(-math.huge)}", "*3\r\n$3\r\nnan\r\n$3\r\ninf\r\n$4\r\n-inf\r\n")]
    [InlineData("local c = cjson.new() c.encode_invalid_numbers('null') return {c.encode(0/0), c.encode(math.huge), c.encode_invalid_numbers()}", "*3\r\n$4\r\nnull\r\n$4\r\nnull\r\n$4\r\nnull\r\n")]
    [InlineData("local c = cjson.new() return c.encode_invalid_numbers()", "$-1\r\n")]
    [InlineData("local c = cjson.new() c.encode_sparse_array(true) return c.encode({[1]=1, [20]=2})", "$14\r\n{\"1\":1,\"20\":2}\r\n")]
    [InlineData("local c = cjson.new() local a,b,d = c.encode_sparse_array(true, 0, 3) return {tostring(a), b, d, c.encode({[1]=1, [20]=2})}", "*4\r\n$4\r\ntrue\r\n:0\r\n:3\r\n$95\r\n[1,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,2]\r\n")]
    [InlineData("local c = cjson.new() c.encode_sparse_array(false, 1) return c.encode({[1]=1, [2]=2, [4]=4})", "$12\r\n[1,2,null,4]\r\n")]
    [InlineData("local c = cjson.new() c.encode_sparse_array(false, 1, 0) return c.encode({[1]=1, [2]=2, [4]=4})", "-ERR user_script:1: Cannot serialise table: excessively sparse array script: 4047c16c7fc8022db664d715fc2a12a5ca404aa9, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_invalid_numbers(false) return c.decode('0x10')", "-ERR user_script:1: Expected value but found invalid number at character 1 script: 4dc6e802d572e1025bc3932ab9f79f042fa54cb2, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_invalid_numbers(false) return c.decode('NaN')", "-ERR user_script:1: Expected value but found invalid token at character 1 script: 808a447dac84e688da8330c7829babcd3d9f8e23, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_invalid_numbers(false) return c.decode('+1')", "-ERR user_script:1: Expected value but found invalid token at character 1 script: 7151381d40abb5e48ca06f64f9b9e544ca958c12, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_invalid_numbers(false) return c.decode('01')", "-ERR user_script:1: Expected value but found invalid number at character 1 script: 47181bc955da8de376cfd5f95b3a1016a7231b27, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_invalid_numbers(false) return c.decode('-1.5e2')", ":-150\r\n")]
    [InlineData("local c = cjson.new() c.encode_max_depth(2) return c.encode({{{}}})", "-ERR user_script:1: Cannot serialise, excessive nesting (3) script: 9663874f42dfd39df3fb9fbe8e6772cddb9f45b6, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_max_depth(2) return c.decode('[[[]]]')", "-ERR user_script:1: Found too many nested data structures (3) at character 3 script: 8414d2b4d7e05d4eba87b35744610c0aaaef46b6, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.encode_max_depth(5000) local t = {} local x = t for i=1,4000 do x.a = {} x = x.a end return c.encode(t)", "-ERR user_script:1: Cannot serialise, excessive nesting (4000) script: acc09485073dfc3012adbc054382823eda4d1af3, on @user_script:1.\r\n")]
    [InlineData("local c = cjson.new() c.decode_max_depth(5000) return #c.decode(string.rep(\"[\", 4000) .. string.rep(\"]\", 4000))", ":1\r\n")]
    [InlineData("local c = cjson.new() c.decode_max_depth(5000) return c.decode(string.rep('{\"a\":', 4000) .. '1' .. string.rep('}', 4000))", "-ERR user_script:1: Found too many nested data structures (4000) at character 19996 script: 234c0d0b30347d164963a4eefe6d7b877dd66472, on @user_script:1.\r\n")]
    [InlineData("return cjson.encode({a={1,2,{b='c'}}})", "$21\r\n{\"a\":[1,2,{\"b\":\"c\"}]}\r\n")]
    [InlineData("return cjson.encode(12345678901234.5)", "$14\r\n12345678901234\r\n")]
    [InlineData("return cjson.encode(0.000123456789012345)", "$19\r\n0.00012345678901234\r\n")]
    [InlineData("return cjson.encode(2^53)", "$18\r\n9.007199254741e+15\r\n")]
    [InlineData("return cjson.encode(-2^63)", "$20\r\n-9.2233720368548e+18\r\n")]
    [InlineData("local ok, e = pcall(cjson.decode, '{') return e", "$57\r\nExpected object key string but found T_END at character 2\r\n")]
    [InlineData("local ok, e = pcall(cjson.encode) return e", "$44\r\nbad argument #1 to '?' (expected 1 argument)\r\n")]
    [InlineData("return cjson.decode('[1.5, 2]')[1]", ":1\r\n")]
    [InlineData("return cjson.decode('\"\\\\u0000\"')", "$1\r\n\u0000\r\n")]
    [InlineData("return #cjson.decode('\"\\\\u0000\"')", ":1\r\n")]
    [InlineData("return cjson.decode('\\t\\r\\n [1]\\n')", "*1\r\n:1\r\n")]
    [InlineData("return cjson.encode(cjson.decode('{\"a\":[1,2,{\"b\":null}]}'))", "$22\r\n{\"a\":[1,2,{\"b\":null}]}\r\n")]
    public void Cjson_MatchesRedis(string script, string expected)
    {
        var h = new CommandHarness();
        Assert.Equal(expected, h.Run("EVAL", script, "0"));
    }

    [Fact]
    public void Cjson_ConfigurationOutlivesTheScript_UntilScriptFlush()
    {
        var h = new CommandHarness();
        Assert.Equal(":5\r\n", h.Run("EVAL", "return cjson.encode_max_depth(5)", "0"));
        Assert.Equal(":5\r\n", h.Run("EVAL", "return cjson.encode_max_depth()", "0"));
        Assert.Equal("+OK\r\n", h.Run("SCRIPT", "FLUSH"));
        Assert.Equal(":1000\r\n", h.Run("EVAL", "return cjson.encode_max_depth()", "0"));
    }

    [Fact]
    public void CjsonDecode_IntegralNumbers_PrintAsLua51Does()
    {
        var h = new CommandHarness();
        Assert.Equal("*3\r\n$1\r\n1\r\n$3\r\n1.5\r\n$5\r\n1e+14\r\n",
            h.Run("EVAL", "local t = cjson.decode('[1, 1.5, 1e14]') return {tostring(t[1]), tostring(t[2]), tostring(t[3])}", "0"));
    }

    [Fact]
    public void CjsonNull_IsTheSameValueAcrossCalls()
    {
        var h = new CommandHarness();
        Assert.Equal(":1\r\n", h.Run("EVAL", "return cjson.decode('[null]')[1] == cjson.null and cjson.decode('null') == cjson.null", "0"));
        Assert.Equal("$4\r\nnull\r\n", h.Run("EVAL", "return cjson.encode(cjson.decode('null'))", "0"));
    }

    [Fact]
    public void CjsonError_ThenLibraryStillWorks()
    {
        var h = new CommandHarness();
        Assert.StartsWith("-ERR user_script:1: Expected value", h.Run("EVAL", "return cjson.decode('[')", "0"));
        Assert.Equal("$5\r\n[1,2]\r\n", h.Run("EVAL", "pcall(cjson.decode, '[') return cjson.encode({1, 2})", "0"));
    }

    [Fact]
    public void Cjson_IsReadOnly()
    {
        var h = new CommandHarness();
        Assert.Equal("-ERR user_script:1: Attempt to modify a readonly table script: ca8772b89bfaafed79b4e978e804ff876bb3abc5, on @user_script:1.\r\n",
            h.Run("EVAL", "cjson.encode = nil", "0"));
    }
}
