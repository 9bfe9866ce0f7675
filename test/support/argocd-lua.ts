// Runs an Argo CD health script the way argo-cd util/lua/lua.go does (VM.ExecuteHealthLua):
//   - a fresh Lua state per run, with only the base, table and package libraries (UseOpenLibs false for
//     argocd-cm scripts: no string.*, io, os beyond Argo's reduced os, which these scripts do not use);
//   - the resource bound to the global `obj`, decoded like decodeValue: maps and lists become tables,
//     numbers become Lua numbers, null is absent;
//   - the chunk's return value: a table is encoded to JSON and read as {status, message} (an empty table
//     encodes as [] and gives an empty status), a status outside the known codes becomes
//     {Unknown, "Lua returned an invalid health status"}, nil gives an empty status, anything else errors.
// fengari is Lua 5.3 and gopher-lua 5.1: the scripts keep to what both run the same way.
import { lauxlib, lua, lualib, to_luastring } from 'fengari';

export interface HealthStatus {
  readonly status?: string;
  readonly message?: string;
}

const VALID = ['Unknown', 'Progressing', 'Suspended', 'Healthy', 'Degraded', 'Missing'];

type LuaState = ReturnType<typeof lauxlib.luaL_newstate>;

function push(L: LuaState, v: unknown): void {
  if (v === null || v === undefined) lua.lua_pushnil(L);
  else if (typeof v === 'string') lua.lua_pushstring(L, to_luastring(v));
  // gopher-lua has one number type and prints 42.0 as "42"; Lua 5.3 does so only for integers.
  else if (typeof v === 'number') (Number.isSafeInteger(v) ? lua.lua_pushinteger(L, v) : lua.lua_pushnumber(L, v));
  else if (typeof v === 'boolean') lua.lua_pushboolean(L, v);
  else if (Array.isArray(v)) {
    lua.lua_createtable(L, v.length, 0);
    v.forEach((x, i) => {
      push(L, x);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined);
    lua.lua_createtable(L, 0, entries.length);
    for (const [k, x] of entries) {
      push(L, x);
      lua.lua_setfield(L, -2, to_luastring(k));
    }
  } else throw new Error(`cannot pass ${typeof v} to Lua`);
}

/** A Lua table read back: string keys only, which is all a health result has. */
function readTable(L: LuaState, idx: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  lua.lua_pushnil(L);
  while (lua.lua_next(L, idx < 0 ? idx - 1 : idx) !== 0) {
    const key = lua.lua_type(L, -2) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -2) : String(lua.lua_tonumber(L, -2));
    const t = lua.lua_type(L, -1);
    out[key] = t === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -1) : t === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : t === lua.LUA_TBOOLEAN ? lua.lua_toboolean(L, -1) : `<${t}>`;
    lua.lua_pop(L, 1);
  }
  return out;
}

export function runHealthScript(script: string, resource: object): HealthStatus {
  const L = lauxlib.luaL_newstate();
  lauxlib.luaL_requiref(L, to_luastring('_G'), lualib.luaopen_base, 1);
  lauxlib.luaL_requiref(L, to_luastring(lualib.LUA_TABLIBNAME), lualib.luaopen_table, 1);
  lauxlib.luaL_requiref(L, to_luastring(lualib.LUA_LOADLIBNAME), lualib.luaopen_package, 1);
  lua.lua_settop(L, 0);
  push(L, resource);
  lua.lua_setglobal(L, to_luastring('obj'));
  if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK) throw new Error(`Lua syntax: ${lua.lua_tojsstring(L, -1)}`);
  if (lua.lua_pcall(L, 0, lua.LUA_MULTRET, 0) !== lua.LUA_OK) throw new Error(`Lua runtime: ${lua.lua_tojsstring(L, -1)}`);
  if (lua.lua_gettop(L) === 0) return {};
  const t = lua.lua_type(L, -1);
  if (t === lua.LUA_TNIL) return {};
  if (t !== lua.LUA_TTABLE) throw new Error(`expect table output from Lua script, not ${t}`);
  const table = readTable(L, -1);
  if (Object.keys(table).length === 0) return {};
  const status = typeof table.status === 'string' ? table.status : undefined;
  if (!VALID.includes(status ?? '')) return { status: 'Unknown', message: 'Lua returned an invalid health status' };
  return { status, ...(typeof table.message === 'string' ? { message: table.message } : {}) };
}
