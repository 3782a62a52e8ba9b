// The fairness of allocation in a team: cases each person received over a
// date range, stacked by priority, with stretch cases beside them, as a bar
// chart and a table; people far above or below the team mean (outliers) are
// marked in both.

import { useMemo } from 'preact/hooks';
import { getAllocationFairness, type AllocationFairness, type FairnessPerson } from '../allocation';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { Chart, type ChartOption } from './Chart';
import { DataTable, type Column } from './DataTable';
import { ErrorAlert } from './ErrorAlert';
import { Panel } from './Panel';

const PRIORITY_COLOURS = ['#a8201a', '#d9822b', '#1f4e79', '#7a8a99'] as const;
const STRETCH = '#0b6b3a';

const mark = (outlier: 'high' | 'low' | null) => (outlier === 'high' ? ' ▲ high' : outlier === 'low' ? ' ▼ low' : '');
const isOutlier = (p: FairnessPerson) => Object.values(p.outliers).some((o) => o !== null);

const COLUMNS: readonly Column<FairnessPerson>[] = [
  { header: 'Person', cell: (p) => p.name },
  { header: 'Cases', cell: (p) => `${p.cases}${mark(p.outliers.cases)}`, align: 'numeric' },
  { header: 'P1 + P2', cell: (p) => `${p.urgent}${mark(p.outliers.urgent)}`, align: 'numeric' },
  { header: 'Complexity', cell: (p) => `${p.complexity}${mark(p.outliers.complexity)}`, align: 'numeric' },
  { header: 'Stretch', cell: (p) => p.stretch, align: 'numeric' },
  { header: 'By hand', cell: (p) => p.manual, align: 'numeric' },
];

function fairnessOption(report: AllocationFairness): ChartOption {
  const names = report.people.map((p) => `${p.name}${mark(p.outliers.cases)}`);
  const priorities = (['1', '2', '3', '4'] as const).map((key, i) => ({
    name: `P${key}`,
    type: 'bar' as const,
    stack: 'cases',
    data: report.people.map((p) => p.priorities[key]),
    itemStyle: { color: PRIORITY_COLOURS[i] },
    barMaxWidth: 48,
  }));
  return {
    grid: { left: 48, right: 24, top: 40, bottom: 80 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: ['P1', 'P2', 'P3', 'P4', 'Stretch', 'Team mean'], top: 0 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: 'Cases', minInterval: 1 },
    series: [
      ...priorities,
      { name: 'Stretch', type: 'bar', data: report.people.map((p) => p.stretch), itemStyle: { color: STRETCH }, barMaxWidth: 24 },
      { name: 'Team mean', type: 'line', data: report.people.map(() => Number(report.mean.cases.toFixed(1))), symbol: 'none', lineStyle: { type: 'dashed', color: '#333' }, itemStyle: { color: '#333' } },
    ],
  };
}

export function FairnessReport({ teamId, from, to }: { teamId: number; from: string; to: string }) {
  const report = useAsync(() => getAllocationFairness(teamId, from, to), [teamId, from, to]);
  const option = useMemo(() => (report.data ? fairnessOption(report.data) : null), [report.data]);
  const range = `${formatDate(from)} to ${formatDate(to)}`;
  return (
    <Panel title="Fairness of allocation">
      <ErrorAlert error={report.error} />
      {report.loading && <p class="muted">Loading…</p>}
      {report.data && option && (
        <>
          <p class="muted">{`Cases given to each person ${range}, by the rules or by hand, stacked by priority; the team mean is ${report.data.mean.cases.toFixed(1)}. ▲ and ▼ mark people above 1.5 times or below half the mean.`}</p>
          <Chart option={option} label={`Bar chart of cases allocated per person by priority, ${range}`} />
          <DataTable caption="Fairness of allocation" columns={COLUMNS} rows={report.data.people} rowKey={(p) => p.user_id} rowClass={(p) => (isOutlier(p) ? 'row--bad' : undefined)} />
        </>
      )}
    </Panel>
  );
}
