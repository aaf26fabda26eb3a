/**
 * Loads uWebSockets.js and tells whether the native engine is in use. The npm build we
 * use silently falls back to a slow pure-JS server when its binary cannot load; we
 * detect that (the fallback module is then in the require cache) and say so loudly.
 */
import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

const require = createRequire(import.meta.url);

export type HttpEngine = 'uws-native' | 'uws-js-fallback';

export interface LoadedUws {
  uws: typeof UWS;
  engine: HttpEngine;
}

let loaded: LoadedUws | null = null;

export function loadUws(log: (msg: string) => void = (m) => console.error(m)): LoadedUws {
  if (loaded) return loaded;
  const uws = require('uWebSockets.js') as typeof UWS;
  const fallbackPath = require.resolve('uWebSockets.js/dist/index.js');
  const engine: HttpEngine = require.cache[fallbackPath] ? 'uws-js-fallback' : 'uws-native';
  if (engine === 'uws-js-fallback') {
    log(
      '\n!!! uWebSockets.js native binary did NOT load: running on its pure-JS fallback server.\n' +
        `!!! Expect far lower throughput. Node ${process.version} (ABI ${process.versions.modules}) on ${process.platform}-${process.arch}.\n` +
        '!!! /health reports "http_engine": "uws-js-fallback".\n',
    );
  }
  loaded = { uws, engine };
  return loaded;
}
