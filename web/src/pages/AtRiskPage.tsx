// At risk: open cases with a running SLA clock, the soonest to breach first
// (those with a clock already breached on top, in red), each with the clock
// at risk and a live countdown to its due time; loaded again every minute.

import { useEffect, useState } from 'preact/hooks';
import { PriorityBadge, SlaStateBadge } from '../components/Badge';
import { Countdown } from '../components/Countdown';
import { DataTable, type Column } from '../components/DataTable';
import { ListFooter } from '../components/ListFooter';
import { listCasesAtRisk } from '../endpoints';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import { CASE_STATUSES, labelFor, SLA_CLOCKS, type CaseAtRisk } from '../records';
import { href } from '../router';

const REFRESH_MS = 60_000;

const COLUMNS: readonly Column<CaseAtRisk>[] = [
  { header: 'Time to breach', cell: (kase) => <Countdown due={kase.due_at} /> },
  { header: 'Clock', cell: (kase) => labelFor(SLA_CLOCKS, kase.clock) },
  { header: 'SLA', cell: (kase) => <SlaStateBadge state={kase.sla_state} /> },
  { header: 'Priority', cell: (kase) => <PriorityBadge priority={kase.priority} /> },
  { header: 'Subject', cell: (kase) => <a href={href(`/cases/${kase.id}`)}>{kase.subject}</a> },
  { header: 'Status', cell: (kase) => labelFor(CASE_STATUSES, kase.status) },
  { header: 'Account', cell: (kase) => <a href={href(`/accounts/${kase.account_id}`)}>{kase.account_name}</a> },
  { header: 'Assignee', cell: (kase) => kase.assignee_name ?? <span class="muted">Unassigned</span> },
];

/** Breached before the rest, each part in the server's order (soonest due first). */
function breachedFirst(cases: readonly CaseAtRisk[]): CaseAtRisk[] {
  return [...cases.filter((kase) => kase.sla_state === 'breached'), ...cases.filter((kase) => kase.sla_state !== 'breached')];
}

export function AtRiskPage() {
  useDocumentTitle('At risk');
  const [refreshes, setRefreshes] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setRefreshes((count) => count + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const cases = usePagedList(listCasesAtRisk, [refreshes]);

  return (
    <div class="page">
      <h1>At risk</h1>
      <p class="page-subtitle">Open cases with a running SLA clock, the soonest to breach first. The list is refreshed every minute.</p>
      <DataTable
        caption="Cases at risk"
        columns={COLUMNS}
        rows={breachedFirst(cases.items)}
        rowKey={(kase) => kase.id}
        rowClass={(kase) => (kase.sla_state === 'breached' || Date.parse(kase.due_at) < Date.now() ? 'row--bad' : undefined)}
      />
      <ListFooter list={cases} emptyText="No open case has a running SLA clock." />
    </div>
  );
}
