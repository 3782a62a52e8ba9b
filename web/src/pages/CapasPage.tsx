// Corrective and preventive actions, soonest due first, with status and owner
// filters kept in the URL; overdue ones (past due and not done) are marked.

import { useId } from 'preact/hooks';
import { Badge, CapaStatusBadge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { SelectOptions } from '../components/Field';
import { ListFooter } from '../components/ListFooter';
import { isOverdue } from '../complaintWorkflow';
import { listCapas } from '../endpoints';
import { formatDate, todayIsoDate } from '../format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import { useUsers } from '../hooks/useUsers';
import { CAPA_STATUSES, EFFECTIVENESS, labelFor, type Capa } from '../records';
import { href, navigate } from '../router';

function columns(today: string): readonly Column<Capa>[] {
  return [
    { header: 'Title', cell: (capa) => <a href={href(`/capas/${capa.id}`)}>{capa.title}</a> },
    { header: 'Complaint', cell: (capa) => <a href={href(`/cases/${capa.case_id}`)}>{`Case ${capa.case_id}`}</a> },
    { header: 'Owner', cell: (capa) => capa.owner_name },
    {
      header: 'Due',
      cell: (capa) => (
        <span class={isOverdue(capa, today) ? 'overdue' : undefined}>
          <time dateTime={capa.due_on}>{formatDate(capa.due_on)}</time>
          {isOverdue(capa, today) && <Badge tone="bad">Overdue</Badge>}
        </span>
      ),
    },
    { header: 'Status', cell: (capa) => <CapaStatusBadge status={capa.status} /> },
    { header: 'Effectiveness', cell: (capa) => labelFor(EFFECTIVENESS, capa.effectiveness) || <span class="muted">Not checked</span> },
  ];
}

export function CapasPage({ query }: { query: URLSearchParams }) {
  useDocumentTitle('CAPAs');
  const chosen = { status: query.get('status') ?? '', owner_id: query.get('owner_id') ?? '' };
  const showFilters = (changes: Partial<typeof chosen>) => navigate('/capas', { query: { ...chosen, ...changes }, replace: true });
  const users = useUsers();
  const capas = usePagedList((after) => listCapas(chosen, after), [chosen.status, chosen.owner_id]);
  const ids = { status: useId(), owner: useId() };
  const ownerOptions = (users.data ?? []).map((user) => ({ value: String(user.id), label: user.display_name }));

  return (
    <div class="page">
      <h1>CAPAs</h1>
      <form class="filter-bar" role="search" aria-label="Filter CAPAs" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for={ids.status}>Status</label>
          <select id={ids.status} value={chosen.status} onInput={(event) => showFilters({ status: event.currentTarget.value })}>
            <SelectOptions options={CAPA_STATUSES} emptyOption="All statuses" />
          </select>
        </div>
        <div class="field">
          <label for={ids.owner}>Owner</label>
          <select id={ids.owner} value={chosen.owner_id} onInput={(event) => showFilters({ owner_id: event.currentTarget.value })}>
            <SelectOptions options={ownerOptions} emptyOption={users.loading ? 'Loading…' : 'Everyone'} />
          </select>
        </div>
      </form>
      <DataTable caption="CAPAs" columns={columns(todayIsoDate())} rows={capas.items} rowKey={(capa) => capa.id} />
      <ListFooter list={capas} emptyText="No CAPAs match these filters." />
    </div>
  );
}
