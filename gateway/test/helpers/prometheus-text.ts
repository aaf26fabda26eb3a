/** A strict little parser of Prometheus text exposition, for tests: families, samples, and format checks. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
  /** Problems with the format (empty when well-formed). */
  problems: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

export function parseExposition(text: string): Exposition {
  const out: Exposition = { types: new Map(), help: new Map(), samples: [], problems: [] };
  if (!text.endsWith('\n')) out.problems.push('does not end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      const [name, ...rest] = line.slice(7).split(' ');
      out.help.set(name!, rest.join(' '));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type!)) out.problems.push(`bad type: ${line}`);
      if (out.types.has(name!)) out.problems.push(`TYPE twice: ${name}`);
      out.types.set(name!, type!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) {
      out.problems.push(`bad sample line: ${line}`);
      continue;
    }
    const labels: Record<string, string> = {};
    const body = m[3] ?? '';
    LABEL.lastIndex = 0;
    let pos = 0;
    while (pos < body.length) {
      LABEL.lastIndex = pos;
      const l = LABEL.exec(body);
      if (!l) {
        out.problems.push(`bad labels: ${line}`);
        break;
      }
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      pos = LABEL.lastIndex;
    }
    const name = m[1]!;
    const family = name.replace(/_(bucket|sum|count)$/, '');
    if (!out.types.has(name) && !out.types.has(family)) out.problems.push(`sample before its TYPE: ${name}`);
    out.samples.push({ name, labels, value: m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]) });
  }
  // Histograms: cumulative buckets, +Inf equals _count.
  for (const [fam, type] of out.types) {
    if (type !== 'histogram') continue;
    const groups = new Map<string, Sample[]>();
    for (const s of out.samples.filter((x) => x.name === `${fam}_bucket`)) {
      const { le, ...rest } = s.labels;
      void le;
      const k = JSON.stringify(rest);
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    for (const [k, buckets] of groups) {
      for (let i = 1; i < buckets.length; i++) if (buckets[i]!.value < buckets[i - 1]!.value) out.problems.push(`${fam}${k}: buckets not cumulative`);
      const inf = buckets.find((b) => b.labels.le === '+Inf');
      const count = out.samples.find((x) => x.name === `${fam}_count` && JSON.stringify(x.labels) === k);
      if (!inf || !count || inf.value !== count.value) out.problems.push(`${fam}${k}: +Inf bucket != _count`);
    }
  }
  return out;
}

/** The value of one sample whose labels include `labels`; summed when several match. */
export function valueOf(e: Exposition, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const s of e.samples) {
    if (s.name !== name) continue;
    if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) {
      sum += s.value;
      found = true;
    }
  }
  return found ? sum : NaN;
}
