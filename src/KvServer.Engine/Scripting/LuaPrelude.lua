-- The Redis scripting API on top of Lua 5.4, loaded once per Lua state as the chunk "=redis_api".
-- Redis scripts are written for Lua 5.1: this file gives them the surface Redis 7.0 gives (redis.*,
-- bit.*, cjson, cmsgpack, struct, unpack, loadstring, read-only globals, the nonexistent-global error)
-- without any C# code raising Lua errors (errors are raised here, in Lua, so no error unwinds through
-- managed frames). The same file sets up EVAL's state (mode 'scripts') and the functions' state (mode
-- 'functions': library loading with redis.register_function, and FCALL).
local raw_call, raw_sha1hex, raw_log, raw_setresp, raw_json, raw_msgpack, raw_struct, json_null, mode, raw_register = ...
local error, type, tostring, setmetatable, rawget, rawset, select, pairs, ipairs, next =
      error, type, tostring, setmetatable, rawget, rawset, select, pairs, ipairs, next
local tunpack, math_floor = table.unpack, math.floor
local dbg = debug

-- Error handler used by every script call (xpcall): turns any error into Redis's error table and
-- records where in the user's script it happened, skipping frames of this file and C functions.
local function err_handler(err)
  local level = 2
  local info = dbg.getinfo(level, 'nSl')
  while info and (info.what == 'C' or info.source == '=redis_api') do
    level = level + 1
    info = dbg.getinfo(level, 'nSl')
  end
  if type(err) ~= 'table' then
    err = { err = 'ERR ' .. tostring(err) }
  end
  if info then
    err.source = info.source
    err.line = info.currentline
  end
  return err
end

local table_pack = table.pack
-- The thread the running script or library code runs in (scripts run in a coroutine of their own, see
-- LuaRunner.Execute); set by the entry points below.
local script_thread = coroutine.running()

-- Every API function that can raise is installed as a C function: a script's "return f(...)" is a tail
-- call, and only a C callee keeps the script's frame on the stack, so the error can name the script line
-- as Redis does. coroutine.wrap returns such a C function; it resumes a coroutine that runs the
-- implementation and re-raises its error in the caller, prefixing a string error with the caller's
-- position, as luaL_error does for cjson, cmsgpack and struct errors (none when the caller is pcall).
-- redis.* errors are {err=...} tables. A coroutine that raised is dead, so a fresh one replaces it.
local function install(tbl, name, impl)
  local make
  make = function()
    return coroutine.wrap(function(...)
      local args = table_pack(...)
      while true do
        local r = table_pack(pcall(impl, tunpack(args, 1, args.n)))
        if not r[1] then
          rawset(tbl, name, make())
          local e = r[2]
          if type(e) == 'string' and e:sub(1, 13) == 'bad argument ' then
            -- lauxlib names the function as its caller called it (local d = cjson.decode; d() -> 'd'),
            -- '?' when the caller is C code such as pcall.
            -- A method call (t:f()) counts self out, as luaL_argerror does.
            local info = dbg.getinfo(script_thread, 0, 'n')
            local called = info and info.name or '?'
            local method = info and info.namewhat == 'method'
            e = e:gsub("^bad argument #(%-?%d+) to '[^']*' %((.*)%)$", function(n, msg)
              n = tonumber(n)
              if method then
                n = n - 1
                if n == 0 then return "calling '" .. called .. "' on bad self (" .. msg .. ")" end
              end
              return 'bad argument #' .. n .. " to '" .. called .. "' (" .. msg .. ')'
            end)
          end
          error(e, 0)
        end
        args = table_pack(coroutine.yield(tunpack(r, 2, r.n)))
      end
    end)
  end
  rawset(tbl, name, make())
end

local function fail(msg) error({ err = 'ERR ' .. msg }, 0) end

local redis = {}
-- redis.call is the hot path of every script, so it gets its own coroutine loop: no argument tables and
-- no pcall (raw_call reports errors as values), a proper tail call to wait for the next call's arguments.
local make_call
make_call = function()
  local function serve(...)
    local ok, result = raw_call(false, ...)
    if not ok then
      rawset(redis, 'call', make_call())
      error(result, 0)
    end
    return serve(coroutine.yield(result))
  end
  return coroutine.wrap(serve)
end
redis.call = make_call()
redis.pcall = function(...)
  local ok, result = raw_call(true, ...)
  return result
end
redis.error_reply = function(msg)
  if type(msg) ~= 'string' then return { err = 'ERR wrong number or type of arguments' } end
  return { err = msg }
end
redis.status_reply = function(msg)
  if type(msg) ~= 'string' then return { err = 'ERR wrong number or type of arguments' } end
  return { ok = msg }
end
install(redis, 'sha1hex', function(...)
  local s = ...
  if select('#', ...) ~= 1 or (type(s) ~= 'string' and type(s) ~= 'number') then fail('wrong number of arguments') end
  return raw_sha1hex(tostring(s))
end)
local function log_impl(level, ...)
  local n = select('#', ...)
  if n == 0 then fail('redis.log() requires two arguments or more.') end
  if type(level) ~= 'number' then fail('First argument must be a number (log level).') end
  if level < 0 or level > 3 then fail('Invalid debug level.') end
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  raw_log(level, table.concat(parts, ' '))
end
install(redis, 'log', log_impl)
install(redis, 'setresp', function(v)
  if v ~= 2 and v ~= 3 then fail('RESP version must be 2 or 3.') end
  raw_setresp(v)
end)
install(redis, 'set_repl', function(flags)
  if type(flags) ~= 'number' or flags < 0 or flags > 3 then fail('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.') end
end)
redis.replicate_commands = function() return true end
redis.breakpoint = function() return false end
redis.debug = function() end
install(redis, 'acl_check_cmd', function(...)
  if select('#', ...) == 0 then fail('Please specify at least one argument for this redis lib call') end
  return true
end)
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.REDIS_VERSION = '7.0.15'
redis.REDIS_VERSION_NUM = 0x00070f

-- LuaBitOp ("bit") semantics: 32-bit operations returning signed 32-bit results.
local function tobit(x)
  x = math_floor(x) % 4294967296
  if x >= 2147483648 then x = x - 4294967296 end
  return x
end
local function u32(x) return math_floor(x) % 4294967296 end
local bit = {}
bit.tobit = function(x) return tobit(x) end
bit.bnot = function(x) return tobit(~u32(x)) end
bit.band = function(x, ...) local r = u32(x) for i = 1, select('#', ...) do r = r & u32((select(i, ...))) end return tobit(r) end
bit.bor = function(x, ...) local r = u32(x) for i = 1, select('#', ...) do r = r | u32((select(i, ...))) end return tobit(r) end
bit.bxor = function(x, ...) local r = u32(x) for i = 1, select('#', ...) do r = r ~ u32((select(i, ...))) end return tobit(r) end
bit.lshift = function(x, n) return tobit((u32(x) << (math_floor(n) & 31)) & 0xffffffff) end
bit.rshift = function(x, n) return tobit(u32(x) >> (math_floor(n) & 31)) end
bit.arshift = function(x, n)
  n = math_floor(n) & 31
  local v = tobit(x)
  if v >= 0 then return tobit(v >> n) end
  return tobit(((u32(v) >> n) | (~(0xffffffff >> n) & 0xffffffff)) & 0xffffffff)
end
bit.rol = function(x, n) n = math_floor(n) & 31 local v = u32(x) return tobit(((v << n) | (v >> (32 - n))) & 0xffffffff) end
bit.ror = function(x, n) n = math_floor(n) & 31 local v = u32(x) return tobit(((v >> n) | (v << (32 - n))) & 0xffffffff) end
bit.bswap = function(x)
  local v = u32(x)
  return tobit(((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | (v >> 24))
end
bit.tohex = function(x, n)
  n = n or 8
  local upper = n < 0
  if upper then n = -n end
  local s = string.format(upper and '%08X' or '%08x', u32(x))
  return s:sub(-n)
end

-- Library callbacks return (true, results...) or (false, message [, runtime]). A runtime error (such as
-- "table index is nil") carries no script position, as Lua's own errors raised in C functions do not: it
-- is raised as an error table (so coroutine.wrap adds no position) that prints as the message.
local runtime_error_mt = { __tostring = function(e) return e.message end }
local function checked(r)
  if not r[1] then
    if r[3] then error(setmetatable({ err = 'ERR ' .. r[2], message = r[2] }, runtime_error_mt), 0) end
    error(r[2], 0)
  end
  return tunpack(r, 2, r.n)
end

-- cjson: every cjson table (cjson.new() makes more) has its own configuration, numbered on the C# side.
local function make_cjson(config)
  local t = {}
  for _, name in ipairs({ 'encode', 'decode', 'encode_sparse_array', 'encode_max_depth', 'decode_max_depth',
      'encode_number_precision', 'encode_keep_buffer', 'encode_invalid_numbers', 'decode_invalid_numbers' }) do
    install(t, name, function(...) return checked(table_pack(raw_json(name, config, ...))) end)
  end
  t.new = function() return make_cjson(select(2, raw_json('new'))) end
  t.null = json_null
  t._NAME = 'cjson'
  t._VERSION = '2.1.0'
  return t
end
local cjson = make_cjson(0)
local cmsgpack = {
  _NAME = 'cmsgpack', _VERSION = 'lua-cmsgpack 0.4.0', _COPYRIGHT = 'Copyright (C) 2012, Salvatore Sanfilippo',
  _DESCRIPTION = 'MessagePack C implementation for Lua',
}
for _, name in ipairs({ 'pack', 'unpack', 'unpack_one', 'unpack_limit' }) do
  install(cmsgpack, name, function(...) return checked(table_pack(raw_msgpack(name, ...))) end)
end
local struct = {}
for _, name in ipairs({ 'pack', 'unpack', 'size' }) do
  install(struct, name, function(...) return checked(table_pack(raw_struct(name, ...))) end)
end

-- Library tables are read-only to scripts, as in Redis 7.0.
local function readonly(t)
  return setmetatable({}, {
    __index = t,
    __newindex = function() error('Attempt to modify a readonly table', 2) end,
    __metatable = false,
  })
end

local math51 = {}
for k, v in pairs(math) do math51[k] = v end
math51.pow = function(a, b) return a ^ b end
math51.mod = math.fmod
math51.ldexp = function(m, e) return m * 2.0 ^ e end
math51.frexp = function(x)
  if x == 0 then return 0.0, 0 end
  local e = math_floor(math.log(math.abs(x), 2)) + 1
  return x / 2.0 ^ e, e
end
local table51 = {}
for k, v in pairs(table) do table51[k] = v end
table51.getn = function(t) return #t end
local string51 = {}
for k, v in pairs(string) do string51[k] = v end

-- Redis 7.0's pcall (luaRedisPcall): a caught error table with an err field yields that err string, so
-- pcall(redis.call, ...) gives "ERR ..." as Redis does; a library's runtime error yields its message.
local function redis_pcall(f, ...)
  local r = table_pack(pcall(f, ...))
  if r[1] then return tunpack(r, 1, r.n) end
  local e = r[2]
  if type(e) == 'table' then
    if getmetatable(e) == runtime_error_mt then
      e = e.message
    elseif type(e.err) == 'string' or type(e.err) == 'number' then
      e = e.err
    end
  end
  return false, e
end

-- The globals a script sees: an allow-list, read-only, with Redis's error for unknown names.
local visible = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = redis_pcall,
  rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, tonumber = tonumber,
  tostring = tostring, type = type, unpack = tunpack, xpcall = xpcall, getmetatable = getmetatable,
  setmetatable = setmetatable, collectgarbage = collectgarbage, coroutine = readonly(coroutine),
  gcinfo = function() return math_floor(collectgarbage('count')) end,
  _VERSION = 'Lua 5.1',
  string = readonly(string51), math = readonly(math51), table = readonly(table51),
  bit = readonly(bit), cjson = readonly(cjson), cmsgpack = readonly(cmsgpack), struct = readonly(struct),
  redis = readonly(redis),
}
-- The globals table a running script sees; while a function library loads, only the load API.
local current = visible
local env = setmetatable({}, {
  __index = function(_, name)
    local v = current[name]
    if v == nil then
      error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
    end
    return v
  end,
  __newindex = function() error('Attempt to modify a readonly table', 2) end,
  __metatable = false,
})
visible._G = env
visible.loadstring = function(s, name)
  if type(s) ~= 'string' then return nil, 'bad argument' end
  return load(s, name or s, 't', env)
end

local api = {}
-- Makes the running script raise err at its next instruction, and at every one after (so pcall cannot
-- swallow it for long); code of this file (the handler, the entry points) runs on undisturbed.
local function interrupt(err)
  dbg.sethook(function()
    local info = dbg.getinfo(2, 'S')
    if info and info.source == '=redis_api' then return end
    error(err)
  end, '', 1)
end
-- SCRIPT KILL / FUNCTION KILL: installed from the instruction hook; the error unwinds only Lua frames.
api.kill = function()
  interrupt({ err = 'ERR Script killed by user with SCRIPT KILL...' })
end

if mode == 'functions' then
  -- What library code sees while FUNCTION LOAD runs it (function_lua.c LIBRARY_API): only redis with
  -- register_function, log and the constants; anything else is a nonexistent global, even inside redis.
  local function strict(t)
    return setmetatable({}, {
      __index = function(_, name)
        local v = t[name]
        if v == nil then
          error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
        end
        return v
      end,
      __newindex = function() error('Attempt to modify a readonly table', 2) end,
      __metatable = false,
    })
  end
  local load_redis = {
    register_function = function(...)
      local ok, e = raw_register(...)
      if not ok then error({ err = 'ERR ' .. e }, 0) end
    end,
    LOG_DEBUG = redis.LOG_DEBUG, LOG_VERBOSE = redis.LOG_VERBOSE, LOG_NOTICE = redis.LOG_NOTICE,
    LOG_WARNING = redis.LOG_WARNING, REDIS_VERSION = redis.REDIS_VERSION, REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM,
  }
  install(load_redis, 'log', log_impl)
  local load_visible = { redis = strict(load_redis) }
  -- FUNCTION LOAD: compiles the library code and runs it with the load API as its globals; returns true or
  -- false, Redis's error text (luaEngineCreate, luaExtractErrorInformation).
  api.load_library = function(code)
    local fn, err = load(code, '@user_function', 't', env)
    if not fn then return false, 'Error compiling function: ' .. tostring(err) end
    current = load_visible
    script_thread = coroutine.running()
    local ok, e = pcall(fn)
    current = visible
    if ok then return true end
    if type(e) == 'table' then e = e.err else e = 'ERR ' .. tostring(e) end
    return false, 'Error registering functions: ' .. tostring(e)
  end
  -- Stops a library whose code runs past the load timeout.
  api.load_timeout = function()
    interrupt({ err = 'ERR FUNCTION LOAD timeout' })
  end
  -- FCALL: the function gets KEYS and ARGV as its two arguments; no KEYS/ARGV globals.
  api.fcall = function(fn, keys, argv)
    script_thread = coroutine.running()
    return xpcall(fn, err_handler, keys, argv)
  end
  return api
end

-- Compiles a script body into a function running in the sandbox; returns fn or nil, error text.
api.compile = function(body, name)
  return load(body, name, 't', env)
end
-- Runs a compiled script with KEYS and ARGV set; returns true, result or false, error table.
api.run = function(fn, keys, argv)
  rawset(visible, 'KEYS', keys)
  rawset(visible, 'ARGV', argv)
  script_thread = coroutine.running()
  return xpcall(fn, err_handler)
end
return api
