// Minimal typings for the parts of fengari (a Lua VM in JavaScript) the Argo CD health-check tests use.
declare module 'fengari' {
  type LuaState = unknown;
  export const lua: {
    LUA_OK: number;
    lua_getfield(L: LuaState, idx: number, k: Uint8Array): number;
    lua_tojsstring(L: LuaState, idx: number): string;
    lua_pop(L: LuaState, n: number): void;
  };
  export const lauxlib: { luaL_newstate(): LuaState; luaL_dostring(L: LuaState, s: Uint8Array): number };
  export const lualib: { luaL_openlibs(L: LuaState): void };
  export function to_luastring(s: string): Uint8Array;
}
