// Complaints over time: the complaints opened in each month of a date range,
// one series per group (root-cause category, product or account), as a
// stacked bar chart and as a table of the same numbers, a column per month.

import { useId, useMemo } from 'preact/hooks';
import { getComplaintsOverTime } from '../endpoints';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { CAUSE_CATEGORIES, COMPLAINT_GROUPINGS, labelFor, type ComplaintGrouping, type ComplaintsOverTime, type ComplaintsOverTimeGroup } from '../records';
import { Chart, type ChartOption } from './Chart';
import { DataTable, type Column } from './DataTable';
import { ErrorAlert } from './ErrorAlert';
import { DateRangeFields, SelectOptions } from './Field';
import { Panel } from './Panel';

/** A group's name: the category's label, else the server's (part, account, "not yet known"). */
function groupLabel(group: ComplaintsOverTimeGroup, groupBy: ComplaintGrouping): string {
  return groupBy === 'category' && typeof group.key === 'string' ? labelFor(CAUSE_CATEGORIES, group.key) : group.label;
}

function columns(report: ComplaintsOverTime): readonly Column<ComplaintsOverTimeGroup>[] {
  return [
    { header: labelFor(COMPLAINT_GROUPINGS, report.group_by), cell: (group) => groupLabel(group, report.group_by) },
    ...report.months.map((month, index): Column<ComplaintsOverTimeGroup> => ({ header: month, cell: (group) => group.counts[index], align: 'numeric' })),
    { header: 'Total', cell: (group) => group.total, align: 'numeric' },
  ];
}

function overTimeOption(report: ComplaintsOverTime): ChartOption {
  return {
    grid: { left: 48, right: 24, top: 64, bottom: 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'category', data: report.months },
    yAxis: { type: 'value', name: 'Complaints', minInterval: 1 },
    series: report.groups.map((group) => ({ name: groupLabel(group, report.group_by), type: 'bar', stack: 'complaints', data: group.counts, barMaxWidth: 56 })),
  };
}

/** The report's URL parameters, as the Reports page keeps them. */
export interface ComplaintsOverTimeChange {
  complaints_by?: string;
  complaints_from?: string;
  complaints_to?: string;
}

interface ComplaintsOverTimeReportProps {
  groupBy: ComplaintGrouping;
  from: string;
  to: string;
  onChange: (changes: ComplaintsOverTimeChange) => void;
}

export function ComplaintsOverTimeReport({ groupBy, from, to, onChange }: ComplaintsOverTimeReportProps) {
  const groupById = useId();
  const report = useAsync(() => getComplaintsOverTime(groupBy, from, to), [groupBy, from, to]);
  const option = useMemo(() => (report.data ? overTimeOption(report.data) : null), [report.data]);
  const by = labelFor(COMPLAINT_GROUPINGS, groupBy).toLowerCase();
  const range = `${formatDate(from)} to ${formatDate(to)}`;
  return (
    <Panel title="Complaints over time">
      <form class="filter-bar" aria-label="Complaints over time options" onSubmit={(event) => event.preventDefault()}>
        <DateRangeFields
          fromLabel="Complaints opened from"
          from={from}
          to={to}
          onFrom={(date) => onChange({ complaints_from: date })}
          onTo={(date) => onChange({ complaints_to: date })}
        />
        <div class="field">
          <label for={groupById}>Complaints by</label>
          <select id={groupById} value={groupBy} onInput={(event) => onChange({ complaints_by: event.currentTarget.value })}>
            <SelectOptions options={COMPLAINT_GROUPINGS} />
          </select>
        </div>
      </form>
      <ErrorAlert error={report.error} />
      {report.loading && <p class="muted">Loading…</p>}
      {report.data &&
        option &&
        (report.data.total > 0 ? (
          <>
            <p class="muted">{`${report.data.total} ${report.data.total === 1 ? 'complaint' : 'complaints'} opened ${range}, per month by ${by}.`}</p>
            <Chart option={option} label={`Stacked bar chart of complaints per month by ${by}, ${range}`} />
            <DataTable caption="Complaints over time" columns={columns(report.data)} rows={report.data.groups} rowKey={(group) => String(group.key)} />
          </>
        ) : (
          <p class="empty">No complaint was opened in these days.</p>
        ))}
    </Panel>
  );
}
