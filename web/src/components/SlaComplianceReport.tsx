// The SLA compliance report: for one clock, how many targets were met and how
// many breached per group (account, team, agent, priority or month opened) of
// the cases opened in a date range, as a stacked bar chart and, with the
// percentages, as a table. By account only the accounts worst at the clock
// shown are asked for, as a desk has up to thousands of them.

import { useMemo } from 'preact/hooks';
import { getSlaCompliance } from '../endpoints';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { labelFor, SLA_CLOCKS, SLA_GROUPINGS, type SlaClockName, type SlaComplianceGroup, type SlaGrouping } from '../records';
import { Chart, type ChartOption } from './Chart';
import { DataTable, type Column } from './DataTable';
import { ErrorAlert } from './ErrorAlert';
import { Panel } from './Panel';

const MET = '#0b6b3a';
const BREACHED = '#a8201a';

/** A group's name: "P2" for a priority, "(none)" for cases without a team or agent. */
function groupLabel(group: SlaComplianceGroup, groupBy: SlaGrouping): string {
  if (group.label === null || group.label === '') return '(none)';
  return groupBy === 'priority' ? `P${group.label}` : String(group.label);
}

/** How many accounts the report by account shows, lowest compliance first. */
const WORST_ACCOUNTS = 25;

const percent = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} %`);

function columns(clock: SlaClockName, groupBy: SlaGrouping): readonly Column<SlaComplianceGroup>[] {
  return [
    { header: labelFor(SLA_GROUPINGS, groupBy), cell: (group) => groupLabel(group, groupBy) },
    { header: 'Cases', cell: (group) => group.cases, align: 'numeric' },
    { header: 'Met', cell: (group) => group[clock].met, align: 'numeric' },
    { header: 'Breached', cell: (group) => group[clock].breached, align: 'numeric' },
    { header: 'Met %', cell: (group) => percent(group[clock].percent_met), align: 'numeric' },
    { header: 'Breached %', cell: (group) => percent(group[clock].percent_breached), align: 'numeric' },
  ];
}

function complianceOption(groups: readonly SlaComplianceGroup[], clock: SlaClockName, groupBy: SlaGrouping): ChartOption {
  return {
    grid: { left: 48, right: 24, top: 40, bottom: 72 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: ['Met', 'Breached'], top: 0 },
    xAxis: { type: 'category', data: groups.map((group) => groupLabel(group, groupBy)), axisLabel: { interval: 0, rotate: groups.length > 8 ? 35 : 0 } },
    yAxis: { type: 'value', name: 'Targets', minInterval: 1 },
    series: [
      { name: 'Met', type: 'bar', stack: 'decided', data: groups.map((group) => group[clock].met), itemStyle: { color: MET }, barMaxWidth: 56 },
      { name: 'Breached', type: 'bar', stack: 'decided', data: groups.map((group) => group[clock].breached), itemStyle: { color: BREACHED }, barMaxWidth: 56 },
    ],
  };
}

interface SlaComplianceReportProps {
  groupBy: SlaGrouping;
  clock: SlaClockName;
  from: string;
  to: string;
}

export function SlaComplianceReport({ groupBy, clock, from, to }: SlaComplianceReportProps) {
  const worst = groupBy === 'account';
  const report = useAsync(() => getSlaCompliance(groupBy, from, to, worst ? { clock, limit: WORST_ACCOUNTS } : undefined), [groupBy, from, to, worst && clock]);
  const groups = useMemo(() => (report.data?.groups ?? []).filter((group) => group[clock].decided > 0), [report.data, clock]);
  const option = useMemo(() => complianceOption(groups, clock, groupBy), [groups, clock, groupBy]);
  const clockLabel = labelFor(SLA_CLOCKS, clock);
  const range = `${formatDate(from)} to ${formatDate(to)}`;
  return (
    <Panel title="SLA compliance">
      <ErrorAlert error={report.error} />
      {report.loading && <p class="muted">Loading…</p>}
      {report.data &&
        (groups.length > 0 ? (
          <>
            <p class="muted">{`${clockLabel} targets met and breached by ${labelFor(SLA_GROUPINGS, groupBy).toLowerCase()}, cases opened ${range}. Running and paused clocks are not counted.`}</p>
            {worst && report.data.total > report.data.groups.length && (
              <p class="muted">{`The ${report.data.groups.length} accounts of ${report.data.total} with the lowest share of ${clockLabel.toLowerCase()} targets met, worst first.`}</p>
            )}
            <Chart option={option} label={`Stacked bar chart of ${clockLabel.toLowerCase()} targets met and breached by ${labelFor(SLA_GROUPINGS, groupBy).toLowerCase()}, ${range}`} />
            <DataTable caption="SLA compliance" columns={columns(clock, groupBy)} rows={groups} rowKey={(group) => String(group.key)} />
          </>
        ) : (
          <p class="empty">{`No ${clockLabel.toLowerCase()} target of a case opened in these days has been met or breached yet.`}</p>
        ))}
    </Panel>
  );
}
