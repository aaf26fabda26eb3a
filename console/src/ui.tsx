/** Small shared pieces: polling hook, cards, tables, progress bars. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

export function useApi<T>(path: string | null, refreshMs = 0): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>(path).then((d) => live && (setData(d), setError(null)), (e) => live && setError(String(e.message ?? e)));
    const t = refreshMs > 0 ? setInterval(() => setTick((x) => x + 1), refreshMs) : 0;
    return () => {
      live = false;
      if (t) clearInterval(t);
    };
  }, [path, tick, refreshMs]);
  return { data, error, reload: () => setTick((x) => x + 1) };
}

export const Card = (p: { title: string; value: ComponentChildren; id?: string }) => (
  <div class="card" data-card={p.id}>
    <div class="card-t">{p.title}</div>
    <div class="card-v">{p.value}</div>
  </div>
);

export const Section = (p: { title: string; children: ComponentChildren }) => (
  <section>
    <h2>{p.title}</h2>
    {p.children}
  </section>
);

export function Table(p: { cols: string[]; rows: ComponentChildren[][]; onRow?: (i: number) => void; id?: string }) {
  return (
    <table data-table={p.id}>
      <thead>
        <tr>{p.cols.map((c) => <th>{c}</th>)}</tr>
      </thead>
      <tbody>
        {p.rows.map((r, i) => (
          <tr onClick={p.onRow ? () => p.onRow!(i) : undefined} class={p.onRow ? 'click' : ''}>
            {r.map((c) => <td>{c}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const Progress = (p: { percent: number; label?: string }) => (
  <div class="progress" role="progressbar" aria-valuenow={Math.round(p.percent)}>
    <div style={{ width: `${Math.max(0, Math.min(100, p.percent))}%` }} />
    <span>{p.label ?? `${Math.round(p.percent)}%`}</span>
  </div>
);

export const Err = (p: { e: string | null }) => (p.e ? <div class="err">{p.e}</div> : null);
export const Json = (p: { v: unknown }) => <pre class="json">{JSON.stringify(p.v, null, 2)}</pre>;
