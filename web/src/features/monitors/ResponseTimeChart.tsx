import 'uplot/dist/uPlot.min.css';
import { type MantineTheme, useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { type ChartData, locationColor } from './chartData';

const HEIGHT = 240;
/** Whole milliseconds between ticks ("10 ms", "20 ms"), never "2.5 ms". */
const MS_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000];

/** One line per location, in colours readable on either scheme; dots when there are only a few checks. */
function seriesOf(data: ChartData, dark: boolean, theme: MantineTheme): uPlot.Series[] {
  const sparse = data.spanGaps || data.columns[0].length < 3;
  return data.locations.map((location, i) => {
    const stroke = theme.colors[locationColor(i)]![dark ? 4 : 7];
    return {
      label: location,
      stroke,
      width: 2,
      spanGaps: data.spanGaps,
      value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} ms`),
      points: { show: sparse ? true : undefined, size: 5, fill: stroke },
    };
  });
}

function optionsOf(data: ChartData, width: number, spanS: number, dark: boolean, theme: MantineTheme, timeZone?: string): uPlot.Options {
  const ink = dark ? theme.colors.dark[0] : theme.colors.gray[8];
  const grid = dark ? theme.colors.dark[4] : theme.colors.gray[3];
  const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const now = () => Date.now() / 1000;
  return {
    width,
    height: HEIGHT,
    tzDate: timeZone ? (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone) : undefined,
    // The x axis is the whole range asked for, ending now: a monitor a minute old is a dot at the right.
    scales: { x: { time: true, range: () => [now() - spanS, now()] }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
    axes: [axis, { ...axis, size: 70, incrs: MS_STEPS, values: (_u, ticks) => ticks.map((t) => (t >= 1000 ? `${t / 1000} s` : `${t} ms`)) }],
    series: [{}, ...seriesOf(data, dark, theme)],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/** Response time per location over time (uPlot, loaded with this chunk only when a chart shows). */
export function ResponseTimeChart({ data, spanS, timeZone }: { data: ChartData; spanS: number; timeZone?: string }) {
  const { ref: box, width } = useElementSize();
  const target = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dark = useComputedColorScheme('light') === 'dark';
  const theme = useMantineTheme();
  // Built once the box has a width, rebuilt on new data or scheme; resizing only resizes it.
  const widthNow = useRef(width);
  widthNow.current = width;
  const ready = width > 0;

  useEffect(() => {
    if (!target.current || !ready) return;
    plot.current = new uPlot(optionsOf(data, widthNow.current, spanS, dark, theme, timeZone), data.columns as uPlot.AlignedData, target.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data, spanS, dark, timeZone, theme, ready]);

  useEffect(() => {
    if (width > 0) plot.current?.setSize({ width, height: HEIGHT });
  }, [width]);

  return (
    <div ref={box} style={{ width: '100%', minWidth: 0 }} data-testid="response-time-chart">
      <div ref={target} role="img" aria-label={`Response time per location: ${data.locations.join(', ')}`} />
    </div>
  );
}
