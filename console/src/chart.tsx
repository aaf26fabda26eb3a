/** One uPlot time series (x = unix seconds), redrawn when its data changes. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

export function TimeChart(p: { title: string; x: number[]; series: { label: string; values: number[] }[]; xRange?: [number, number] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const plot = new uPlot(
      {
        title: p.title,
        width: 460,
        height: 200,
        // The picked window, not the span of the points (one bucket would otherwise stretch to years).
        ...(p.xRange ? { scales: { x: { time: true, range: () => p.xRange! } } } : {}),
        series: [{}, ...p.series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: true } }))],
      },
      [p.x, ...p.series.map((s) => s.values)],
      el.current,
    );
    return () => plot.destroy();
  }, [p.x, p.series]);
  return <div class="chart" ref={el} />;
}
