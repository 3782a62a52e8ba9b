// "My queue" (cases assigned to me) and "Team queue" (my team's cases,
// assigned or not): open cases unless a status is chosen, most urgent first,
// with status, type and priority filters kept in the URL and "Load more";
// the cases whose SLA clocks are closest to breaching are on the At risk page.

import { useId } from 'preact/hooks';
import { CaseStatusBadge, PriorityBadge, SlaStateBadge } from '../components/Badge';
import { Countdown } from '../components/Countdown';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectOptions } from '../components/Field';
import { ListFooter } from '../components/ListFooter';
import { canWorkCases, OPEN_CASE_STATUSES } from '../caseWorkflow';
import { listCases, type CaseFilters } from '../endpoints';
import { formatAge, formatDateTime } from '../format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import { useUsers } from '../hooks/useUsers';
import { CASE_PRIORITIES, CASE_STATUSES, CASE_TYPES, labelFor, SLA_CLOCKS, type Case, type Page, type SessionUser } from '../records';
import { href, navigate } from '../router';

export type QueueScope = 'mine' | 'team';

const TITLES: Record<QueueScope, string> = { mine: 'My queue', team: 'Team queue' };

const COLUMNS: readonly Column<Case>[] = [
  { header: 'Priority', cell: (kase) => <PriorityBadge priority={kase.priority} /> },
  { header: 'Subject', cell: (kase) => <a href={href(`/cases/${kase.id}`)}>{kase.subject}</a> },
  { header: 'Type', cell: (kase) => labelFor(CASE_TYPES, kase.type) },
  { header: 'Account', cell: (kase) => <a href={href(`/accounts/${kase.account_id}`)}>{kase.account_name}</a> },
  { header: 'Status', cell: (kase) => <CaseStatusBadge status={kase.status} /> },
  { header: 'Assignee', cell: (kase) => kase.assignee_name ?? <span class="muted">Unassigned</span> },
  { header: 'SLA', cell: (kase) => <QueueSla kase={kase} /> },
  {
    header: 'Age',
    cell: (kase) => (
      <time dateTime={kase.opened_at} title={`Opened ${formatDateTime(kase.opened_at)}`}>
        {formatAge(kase.opened_at)}
      </time>
    ),
  },
  { header: 'Updated', cell: (kase) => <time dateTime={kase.updated_at}>{formatDateTime(kase.updated_at)}</time> },
];

/** The clock closest to breach with its countdown, else the stored state; nothing without a policy. */
function QueueSla({ kase }: { kase: Case }) {
  if (kase.sla_due_at && (kase.sla_state === 'running' || kase.sla_state === 'breached')) {
    return (
      <span class="queue-sla">
        <span class="muted">{labelFor(SLA_CLOCKS, kase.sla_at_risk)}</span> <Countdown due={kase.sla_due_at} />
      </span>
    );
  }
  return kase.sla_state && kase.sla_state !== 'not_applicable' ? <SlaStateBadge state={kase.sla_state} /> : null;
}

/** One page of the queue: without a status chosen, every open status. */
function fetchQueuePage(filters: CaseFilters, after: string | undefined): Promise<Page<Case>> {
  const status = filters.status === '' ? OPEN_CASE_STATUSES.join(',') : filters.status;
  return listCases({ ...filters, status }, after);
}

interface CaseQueuePageProps {
  scope: QueueScope;
  user: SessionUser;
  query: URLSearchParams;
}

export function CaseQueuePage({ scope, user, query }: CaseQueuePageProps) {
  const title = TITLES[scope];
  useDocumentTitle(title);
  const chosen = { status: query.get('status') ?? '', type: query.get('type') ?? '', priority: query.get('priority') ?? '' };
  const showFilters = (changes: Partial<typeof chosen>) =>
    navigate(`/cases/${scope}`, { query: { ...chosen, ...changes }, replace: true });

  // The sign-in answer leaves out the team; the staff list has it.
  const users = useUsers();
  const teamId = users.data?.find((staff) => staff.id === user.id)?.team_id ?? null;
  const ready = scope === 'mine' || users.data !== undefined;
  const filters: CaseFilters =
    scope === 'mine' ? { ...chosen, assignee_id: user.id } : { ...chosen, team_id: teamId ?? undefined };

  const cases = usePagedList(
    (after) => (ready && (scope === 'mine' || teamId !== null) ? fetchQueuePage(filters, after) : Promise.resolve({ items: [], next: null })),
    [scope, ready, teamId, chosen.status, chosen.type, chosen.priority],
  );
  const ids = { status: useId(), type: useId(), priority: useId() };

  return (
    <div class="page">
      <div class="page-header">
        <h1>{title}</h1>
        {canWorkCases(user.role) && (
          <a class="button button--primary page-header-end" href={href('/cases/new')}>
            New case
          </a>
        )}
      </div>
      <form class="filter-bar" role="search" aria-label={`Filter ${title.toLowerCase()}`} onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for={ids.status}>Status</label>
          <select id={ids.status} value={chosen.status} onInput={(event) => showFilters({ status: event.currentTarget.value })}>
            <SelectOptions options={CASE_STATUSES} emptyOption="All open statuses" />
          </select>
        </div>
        <div class="field">
          <label for={ids.type}>Type</label>
          <select id={ids.type} value={chosen.type} onInput={(event) => showFilters({ type: event.currentTarget.value })}>
            <SelectOptions options={CASE_TYPES} emptyOption="All types" />
          </select>
        </div>
        <div class="field">
          <label for={ids.priority}>Priority</label>
          <select id={ids.priority} value={chosen.priority} onInput={(event) => showFilters({ priority: event.currentTarget.value })}>
            <SelectOptions options={CASE_PRIORITIES} emptyOption="All priorities" />
          </select>
        </div>
      </form>
      <p class="muted">
        {'Which cases are closest to breaching their SLA: '}
        <a href={href('/cases/at-risk')}>At risk</a>
      </p>
      {scope === 'team' && <ErrorAlert error={users.error} />}
      {scope === 'team' && users.data && teamId === null && (
        <div class="alert alert--info">You are not in a team, so there is no team queue to show.</div>
      )}
      <DataTable caption={title} columns={COLUMNS} rows={cases.items} rowKey={(kase) => kase.id} />
      <ListFooter list={cases} emptyText={scope === 'mine' ? 'No cases in your queue match these filters.' : 'No team cases match these filters.'} />
    </div>
  );
}
