/** Pure route matching: path segments against `:param` patterns, with 404 vs 405 told apart. */
import { badRequest } from '../errors.js';
import type { Handler, Route } from './types.js';

interface Compiled {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

export type Match =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Record<string, string> }
  | { readonly kind: 'method_not_allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not_found' };

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const v = parts[i]!;
    if (p.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(v);
      } catch {
        // A malformed escape (`%E0%A4%A`) is the caller's error whatever the route: a 400.
        throw badRequest(`path segment "${v.slice(0, 100)}" is not valid percent-encoding`, p.slice(1));
      }
      params[p.slice(1)] = decoded;
    } else if (p !== v) return null;
  }
  return params;
}

export class Router {
  private readonly routes: Compiled[];
  constructor(routes: readonly Route[]) {
    this.routes = routes.map((r) => ({ method: r.method, segments: split(r.pattern), handler: r.handler }));
  }

  match(method: string, path: string): Match {
    const parts = split(path);
    const allowed: string[] = [];
    // Literal segments win over parameters: try routes with fewer parameters first.
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (params === null) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) {
        return { kind: 'found', handler: r.handler, params };
      }
      allowed.push(r.method);
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
  }
}
