// One Apache ECharts chart: bars and lines on a grid, with tooltip and legend,
// drawn on a canvas. Only those parts of ECharts are registered, to keep the
// bundle small; a report that needs another part registers it here. The chart
// follows its container's size; give the numbers in a table beside it too, as
// the canvas is only an image to screen readers (labelled by `label`).

import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers. */
  label: string;
  /** CSS height; the width is the container's. */
  height?: string;
}

export function Chart({ option, label, height = '22rem' }: ChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const instance = init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    const resizing = new ResizeObserver(() => instance.resize());
    resizing.observe(element);
    return () => {
      resizing.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={container} class="chart" style={{ height }} role="img" aria-label={label} />;
}
