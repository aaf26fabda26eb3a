/**
 * Serves the console's build (dist/console, made by `npm run build`) at `/` and `/ui`. Only files
 * listed at start-up are served (a lookup in that table: no path from a request reaches the file
 * system). The assets and the HTML are public; every data route keeps its bearer check.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { text, type Reply, type Route } from '../server/types.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface ConsoleAssets {
  readonly routes: Route[];
  /** Paths served without a token. */
  readonly openPaths: string[];
}

/** Where `vite build` writes (dist/console), seen from dist/management/src/console/. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

/** `dir` is the build output; missing (not built), the console routes answer a short how-to. */
export function consoleRoutes(dir: string = CONSOLE_DIR): ConsoleAssets {
  const index = join(dir, 'index.html');
  const fileReply = (path: string, cache: string): Reply => ({
    kind: 'file',
    status: 200,
    path,
    size: statSync(path).size,
    contentType: TYPES[extname(path)] ?? 'application/octet-stream',
    headers: { 'Cache-Control': cache },
  });
  const page = (): Reply =>
    existsSync(index) ? fileReply(index, 'no-cache') : text('The console is not built: run `npm run build`.\n', 'text/plain; charset=utf-8', 503);
  const assets = new Map<string, string>();
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) for (const f of readdirSync(assetDir)) if (statSync(join(assetDir, f)).isFile()) assets.set(f, join(assetDir, f));
  const routes: Route[] = [
    { method: 'GET', pattern: '/', handler: page },
    { method: 'GET', pattern: '/ui', handler: page },
    // Hashed names: cached for a year.
    ...[...assets].map(([name, path]): Route => ({ method: 'GET', pattern: `/ui/assets/${name}`, handler: () => fileReply(path, 'public, max-age=31536000, immutable') })),
  ];
  return { routes, openPaths: ['/', '/ui', '/ui/', ...[...assets.keys()].map((n) => `/ui/assets/${n}`)] };
}
