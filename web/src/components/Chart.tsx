// One chart (Apache ECharts, see chartEngine.ts, loaded when the first chart
// is shown). The chart follows its container's size; give the numbers in a
// table beside it too, as the canvas is only an image to screen readers
// (labelled by `label`).

import { useEffect, useRef } from 'preact/hooks';
import type { ChartInstance, ChartOption } from './chartEngine';

export type { ChartOption };

/** The option with its tooltip drawn on the canvas (richText) rather than as
 * HTML: no markup is ever built from names in the data, and the page's
 * Content-Security-Policy needs no inline styles (docs/SECURITY.md). */
function canvasTooltip(option: ChartOption): ChartOption {
  const { tooltip } = option;
  if (!tooltip || Array.isArray(tooltip)) return option;
  return { ...option, tooltip: { ...tooltip, renderMode: 'richText' } };
}

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers. */
  label: string;
  /** CSS height; the width is the container's. */
  height?: string;
}

export function Chart({ option, label, height = '22rem' }: ChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    let gone = false;
    let resizing: ResizeObserver | null = null;
    void import('./chartEngine').then(({ createChart }) => {
      if (gone) return;
      const instance = createChart(element);
      chart.current = instance;
      instance.setOption(canvasTooltip(latest.current), { notMerge: true });
      resizing = new ResizeObserver(() => instance.resize());
      resizing.observe(element);
    });
    return () => {
      gone = true;
      resizing?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(canvasTooltip(option), { notMerge: true });
  }, [option]);

  return <div ref={container} class="chart" style={{ height }} role="img" aria-label={label} />;
}
