/**
 * The one command-line parser of every entry point (gateway, management, scripts/*).
 * `--help` and `--version` are always understood; an unknown flag, a positional argument or
 * a missing value is a usage error (exit 2) that lists the flags, never a silent default.
 * Dependency-free, so the management server may import it too.
 *
 * Flags: `--name value` or `--name=value`; a flag without `value` in its spec is a switch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FlagSpec {
  /** Placeholder of the value (`<file>`); absent: a switch that takes no value. */
  readonly value?: string;
  readonly help: string;
}

export interface CliSpec {
  /** The program's name as the user types it (`opentracy-gateway`, `train-router`). */
  readonly name: string;
  readonly summary: string;
  /** Flag names without the leading `--`. */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Environment variables the entry point reads: name and what it sets. */
  readonly env?: ReadonlyArray<readonly [name: string, help: string]>;
  /** Extra text at the end of --help. */
  readonly notes?: string;
}

export type CliValues = ReadonlyMap<string, string | true>;

export type CliOutcome =
  | { readonly kind: 'run'; readonly values: CliValues }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly message: string };

export const EXIT_USAGE = 2;

const BUILT_IN: Readonly<Record<string, FlagSpec>> = {
  help: { help: 'print this help and exit' },
  version: { help: 'print the version and exit' },
};

function flagList(spec: CliSpec): string {
  return [...Object.keys(spec.flags), ...Object.keys(BUILT_IN)].map((f) => `--${f}`).join(' ');
}

/** Pure: argv (without node and the script) in, what to do out. */
export function parseCli(argv: readonly string[], spec: CliSpec): CliOutcome {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) return { kind: 'error', message: `unexpected argument '${arg}'` };
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const flag = Object.hasOwn(spec.flags, name) ? spec.flags[name]! : undefined;
    if (!flag) return { kind: 'error', message: `unknown option --${name}` };
    if (flag.value === undefined) {
      if (eq >= 0) return { kind: 'error', message: `--${name} takes no value` };
      values.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') return { kind: 'error', message: `--${name} needs a value ${flag.value}` };
    values.set(name, value);
  }
  return { kind: 'run', values };
}

/** Pure: parsed values back to `--name value` / `--name` words (one spelling for older readers of argv). */
export function toArgv(values: CliValues): string[] {
  const out: string[] = [];
  for (const [name, v] of values) out.push(`--${name}`, ...(v === true ? [] : [v]));
  return out;
}

/** Pure: the --help text. */
export function helpText(spec: CliSpec): string {
  const rows = (entries: ReadonlyArray<readonly [string, string]>): string => {
    const width = Math.min(34, Math.max(...entries.map(([l]) => l.length)));
    return entries.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`).join('\n');
  };
  const flags = Object.entries({ ...spec.flags, ...BUILT_IN }).map(([n, f]) => [`--${n}${f.value ? ` ${f.value}` : ''}`, f.help] as const);
  let text = `${spec.name}: ${spec.summary}\n\nUsage: ${spec.name} [flags]\n\nFlags:\n${rows(flags)}\n`;
  if (spec.env) text += spec.env.length > 0 ? `\nEnvironment variables:\n${rows(spec.env)}\n` : '\nEnvironment variables: none\n';
  if (spec.notes) text += `\n${spec.notes.trimEnd()}\n`;
  return text;
}

/** The version in the repository's package.json (found upward from this file, src/ or dist/). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'opentracy-gateway' && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** A valued flag's value (undefined when absent). */
export function flagValue(values: CliValues, name: string): string | undefined {
  const v = values.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** I/O edge: a usage error (a missing required flag, say): the message and the flags on stderr, exit 2. */
export function usageError(spec: CliSpec, message: string): never {
  process.stderr.write(`${spec.name}: ${message}\nflags: ${flagList(spec)} (see ${spec.name} --help)\n`);
  process.exit(EXIT_USAGE);
}

/**
 * I/O edge: parses, and for --help / --version / a usage error prints and exits
 * (0, 0, 2); otherwise returns the flags' values.
 */
export function runCli(argv: readonly string[], spec: CliSpec): CliValues {
  const r = parseCli(argv, spec);
  if (r.kind === 'run') return r.values;
  if (r.kind === 'help') {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  if (r.kind === 'version') {
    process.stdout.write(`${spec.name} ${packageVersion()}\n`);
    process.exit(0);
  }
  usageError(spec, r.message);
}
