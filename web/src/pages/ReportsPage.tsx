// Reports: SLA compliance (targets met and breached per group for a chosen
// clock), the complaint Pareto, root-cause (6M) categories of the complaints
// opened in a chosen date range by count, most frequent first, with the
// cumulative percentage as a line, and complaints over time (per month by
// category, product or account); each with its numbers in a table. The
// ranges, groupings and clock are kept in the URL (default: the last 90 days,
// by priority, resolution; complaints over time: the last twelve months, by
// category).

import { useId, useMemo } from 'preact/hooks';
import { Chart, type ChartOption } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { DateRangeFields, SelectOptions } from '../components/Field';
import { Panel } from '../components/Panel';
import { ComplaintsOverTimeReport, type ComplaintsOverTimeChange } from '../components/ComplaintsOverTimeReport';
import { SlaComplianceReport } from '../components/SlaComplianceReport';
import { getComplaintPareto } from '../endpoints';
import { formatDate, monthStartIsoDate, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { CAUSE_CATEGORIES, COMPLAINT_GROUPINGS, labelFor, optionOr, SLA_CLOCKS, SLA_GROUPINGS, type ComplaintPareto } from '../records';
import { navigate } from '../router';

type ParetoRow = ComplaintPareto['categories'][number];

const COLUMNS: readonly Column<ParetoRow>[] = [
  { header: 'Root-cause category', cell: (row) => labelFor(CAUSE_CATEGORIES, row.category) },
  { header: 'Complaints', cell: (row) => row.count, align: 'numeric' },
  { header: 'Cumulative %', cell: (row) => `${row.cumulative_percent.toFixed(1)} %`, align: 'numeric' },
];

const ACCENT = '#1f4e79';
const LINE = '#a8201a';

function paretoOption(pareto: ComplaintPareto): ChartOption {
  const labels = pareto.categories.map((row) => labelFor(CAUSE_CATEGORIES, row.category));
  return {
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Complaints', 'Cumulative %'], top: 0 },
    xAxis: { type: 'category', data: labels },
    yAxis: [
      { type: 'value', name: 'Complaints', minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    ],
    series: [
      { name: 'Complaints', type: 'bar', data: pareto.categories.map((row) => row.count), itemStyle: { color: ACCENT }, barMaxWidth: 64 },
      {
        name: 'Cumulative %',
        type: 'line',
        yAxisIndex: 1,
        data: pareto.categories.map((row) => Number(row.cumulative_percent.toFixed(1))),
        itemStyle: { color: LINE },
        lineStyle: { color: LINE },
      },
    ],
  };
}

export function ReportsPage({ query }: { query: URLSearchParams }) {
  useDocumentTitle('Reports');
  const from = query.get('from') || todayIsoDate(90);
  const to = query.get('to') || todayIsoDate();
  const pareto = useAsync(() => getComplaintPareto(from, to), [from, to]);
  const option = useMemo(() => (pareto.data ? paretoOption(pareto.data) : null), [pareto.data]);
  const groupBy = optionOr(SLA_GROUPINGS, query.get('group_by'), 'priority');
  const clock = optionOr(SLA_CLOCKS, query.get('clock'), 'resolution');
  const complaints = {
    complaints_by: optionOr(COMPLAINT_GROUPINGS, query.get('complaints_by'), 'category'),
    complaints_from: query.get('complaints_from') || monthStartIsoDate(11),
    complaints_to: query.get('complaints_to') || todayIsoDate(),
  };
  const ids = { groupBy: useId(), clock: useId() };
  const showRange = (changes: { from?: string; to?: string; group_by?: string; clock?: string } & ComplaintsOverTimeChange) =>
    navigate('/reports', { query: { from, to, group_by: groupBy, clock, ...complaints, ...changes }, replace: true });

  return (
    <div class="page">
      <h1>Reports</h1>
      <form class="filter-bar" aria-label="Report options" onSubmit={(event) => event.preventDefault()}>
        <DateRangeFields fromLabel="Cases opened from" from={from} to={to} onFrom={(date) => showRange({ from: date })} onTo={(date) => showRange({ to: date })} />
        <div class="field">
          <label for={ids.groupBy}>SLA compliance by</label>
          <select id={ids.groupBy} value={groupBy} onInput={(event) => showRange({ group_by: event.currentTarget.value })}>
            <SelectOptions options={SLA_GROUPINGS} />
          </select>
        </div>
        <div class="field">
          <label for={ids.clock}>SLA clock</label>
          <select id={ids.clock} value={clock} onInput={(event) => showRange({ clock: event.currentTarget.value })}>
            <SelectOptions options={SLA_CLOCKS} />
          </select>
        </div>
      </form>
      <SlaComplianceReport groupBy={groupBy} clock={clock} from={from} to={to} />
      <Panel title="Complaint root causes (Pareto)">
        <ErrorAlert error={pareto.error} />
        {pareto.loading && <p class="muted">Loading…</p>}
        {pareto.data && option && (
          <>
            <p class="muted">
              {`${pareto.data.total} ${pareto.data.total === 1 ? 'complaint' : 'complaints'} with a 6M category, opened ${formatDate(pareto.data.from)} to ${formatDate(pareto.data.to)}.`}
            </p>
            {pareto.data.categories.length > 0 ? (
              <>
                <Chart option={option} label={`Pareto chart of complaint root-cause categories, ${formatDate(pareto.data.from)} to ${formatDate(pareto.data.to)}`} />
                <DataTable caption="Complaint root causes" columns={COLUMNS} rows={pareto.data.categories} rowKey={(row) => row.category} />
              </>
            ) : (
              <p class="empty">No complaint opened in these days has a root-cause category yet.</p>
            )}
          </>
        )}
      </Panel>
      <ComplaintsOverTimeReport groupBy={complaints.complaints_by} from={complaints.complaints_from} to={complaints.complaints_to} onChange={showRange} />
    </div>
  );
}
