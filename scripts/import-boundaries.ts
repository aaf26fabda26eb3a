/**
 * The package boundaries of the tree, read from the imports themselves. A package is a
 * top-level folder; its `test/` folder is checked with the same rules as its source, plus
 * leave to import other packages' test helpers and to start the services it tests.
 *
 * Allowed (README, Architecture): gateway, management, native, scripts, bench -> core;
 * gateway and management -> native (the addon's loader); scripts and bench -> anything.
 * Forbidden: core -> anything above it, gateway <-> management, native -> a service,
 * and any cycle between packages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

export type Package = 'core' | 'gateway' | 'management' | 'native' | 'scripts' | 'bench';
export const PACKAGES: readonly Package[] = ['core', 'gateway', 'management', 'native', 'scripts', 'bench'];

/** Which packages each package's source may import (itself always). */
export const ALLOWED: Readonly<Record<Package, readonly Package[]>> = {
  core: [],
  native: ['core'],
  gateway: ['core', 'native'],
  management: ['core', 'native'],
  scripts: ['core', 'native', 'gateway', 'management'],
  bench: ['core', 'native', 'gateway', 'management', 'scripts'],
};

export interface ImportEdge {
  /** Repository-relative path of the importing file. */
  file: string;
  /** The import specifier as written. */
  specifier: string;
  from: Package;
  to: Package;
  fromTest: boolean;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative import specifiers of a source text (bare package names are not boundaries). */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined && spec.startsWith('.')) out.push(spec);
  }
  return out;
}

function packageOf(relPath: string): Package | null {
  const top = relPath.split(/[\\/]/)[0] as Package;
  return PACKAGES.includes(top) ? top : null;
}

const isTestPath = (relPath: string): boolean => relPath.split(/[\\/]/)[1] === 'test';

/** The cross-package edges of one file, given its repository-relative path and text. */
export function edgesOf(relPath: string, text: string): ImportEdge[] {
  const from = packageOf(relPath);
  if (from === null) return [];
  const edges: ImportEdge[] = [];
  for (const specifier of relativeImports(text)) {
    const target = relative('.', join(dirname(relPath), specifier)).split(sep).join('/');
    const to = packageOf(target);
    if (to !== null && to !== from) edges.push({ file: relPath, specifier, from, to, fromTest: isTestPath(relPath) });
  }
  return edges;
}

/** Why an edge breaks a boundary, or null when it is allowed. */
export function violation(e: ImportEdge): string | null {
  if (ALLOWED[e.from].includes(e.to)) return null;
  // Tests may start the other service (management's tests run a real gateway) and share helpers.
  if (e.fromTest && e.from !== 'core' && e.to !== 'core') {
    if (e.specifier.includes('/test/')) return null;
    if (e.from === 'management' && e.to === 'gateway') return null;
  }
  return `${e.file} imports ${e.specifier}: ${e.from} may not import ${e.to}`;
}

/** A cycle in the package graph made by the edges, as a list of packages, or null. */
export function packageCycle(edges: readonly ImportEdge[]): Package[] | null {
  const next = new Map<Package, Set<Package>>();
  for (const e of edges) if (!e.fromTest) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  const state = new Map<Package, 'open' | 'done'>();
  const path: Package[] = [];
  const visit = (p: Package): Package[] | null => {
    if (state.get(p) === 'done') return null;
    if (state.get(p) === 'open') return [...path.slice(path.indexOf(p)), p];
    state.set(p, 'open');
    path.push(p);
    for (const q of next.get(p) ?? []) {
      const c = visit(q);
      if (c) return c;
    }
    path.pop();
    state.set(p, 'done');
    return null;
  };
  for (const p of PACKAGES) {
    const c = visit(p);
    if (c) return c;
  }
  return null;
}

/** Every TypeScript source file of the packages (repository-relative paths). */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  for (const p of PACKAGES) {
    try {
      walk(resolve(root, p));
    } catch {
      // a package folder that does not exist has no imports
    }
  }
  return out;
}

/** All cross-package edges of the tree at `root`. */
export function treeEdges(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((f) => edgesOf(f, readFileSync(resolve(root, f), 'utf8')));
}
