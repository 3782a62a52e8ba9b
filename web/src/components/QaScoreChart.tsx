// A person's or team's QA score per month (GET /api/v1/qa/scores) as a line
// of the mean score over bars of the reviews counted, with the same numbers
// in a table. Calibration scores are never in it.

import { useMemo } from 'preact/hooks';
import { useAsync } from '../hooks/useAsync';
import { getScores, type Scores } from '../quality';
import { Chart, type ChartOption } from './Chart';
import { DataTable } from './DataTable';
import { ErrorAlert } from './ErrorAlert';
import { Panel } from './Panel';

function scoreOption(scores: Scores): ChartOption {
  return {
    grid: { left: 48, right: 48, top: 48, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: scores.points.map((p) => p.period) },
    yAxis: [
      { type: 'value', name: 'QA score', min: 0, max: 100 },
      { type: 'value', name: 'Reviews', minInterval: 1 },
    ],
    series: [
      { name: 'Reviews', type: 'bar', yAxisIndex: 1, data: scores.points.map((p) => p.reviews), barMaxWidth: 32 },
      { name: 'QA score', type: 'line', data: scores.points.map((p) => p.score) },
    ],
  };
}

export function QaScoreChart({ title }: { title: string }) {
  const scores = useAsync(() => getScores({}), []);
  const option = useMemo(() => (scores.data ? scoreOption(scores.data) : null), [scores.data]);
  const overall = scores.data?.overall;
  return (
    <Panel title={title}>
      <ErrorAlert error={scores.error} />
      {overall && (
        <p>
          {`${overall.reviews} reviews, mean score ${overall.score}, ${overall.pass_rate}% passed (${scores.data?.from} to ${scores.data?.to})`}
        </p>
      )}
      {option && scores.data && scores.data.points.length > 0 && (
        <>
          <Chart option={option} label={title} height="18rem" />
          <DataTable
            caption="QA score per month"
            rows={scores.data.points}
            rowKey={(p) => p.period}
            columns={[
              { header: 'Month', cell: (p) => p.period },
              { header: 'Reviews', cell: (p) => p.reviews, align: 'numeric' },
              { header: 'Score', cell: (p) => p.score, align: 'numeric' },
              { header: 'Failed', cell: (p) => p.failed, align: 'numeric' },
            ]}
          />
        </>
      )}
      {scores.data && scores.data.points.length === 0 && <p class="muted">No reviews yet.</p>}
    </Panel>
  );
}
