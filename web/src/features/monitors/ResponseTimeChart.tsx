import 'uplot/dist/uPlot.min.css';
import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { type ChartData, locationColor } from './chartData';

const HEIGHT = 240;

/** Response time per location over time (uPlot, loaded with this chunk only when a chart shows). */
export function ResponseTimeChart({ data, timeZone }: { data: ChartData; timeZone?: string }) {
  const { ref: box, width } = useElementSize();
  const target = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dark = useComputedColorScheme('light') === 'dark';
  const theme = useMantineTheme();
  // The chart is built once the box has a width and rebuilt on new data or scheme; resizing only resizes it.
  const widthNow = useRef(width);
  widthNow.current = width;
  const ready = width > 0;

  useEffect(() => {
    if (!target.current || !ready) return;
    const ink = dark ? theme.colors.dark[0] : theme.colors.gray[8];
    const grid = dark ? theme.colors.dark[4] : theme.colors.gray[3];
    const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: widthNow.current,
      height: HEIGHT,
      tzDate: timeZone ? (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone) : undefined,
      scales: { y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: [axis, { ...axis, size: 56, values: (_u, ticks) => ticks.map((t) => `${t} ms`) }],
      series: [
        {},
        ...data.locations.map((location, i) => ({
          label: location,
          stroke: theme.colors[locationColor(i)]![dark ? 4 : 7],
          width: 2,
          spanGaps: data.spanGaps,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} ms`),
          points: { show: data.spanGaps ? true : undefined, size: 4 },
        })),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, data.columns as uPlot.AlignedData, target.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data, dark, timeZone, theme, ready]);

  useEffect(() => {
    if (width > 0) plot.current?.setSize({ width, height: HEIGHT });
  }, [width]);

  return (
    <div ref={box} style={{ width: '100%', minWidth: 0 }} data-testid="response-time-chart" data-dark={dark || undefined}>
      <div ref={target} role="img" aria-label={`Response time per location: ${data.locations.join(', ')}`} />
    </div>
  );
}
