// SLA settings: the SLA policies (the default marked, those due for review
// highlighted) and the business calendars they count on, each linking to its
// page, where those with sla.admin change it and everyone else reads it.

import { Badge, ReviewBadge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Panel } from '../components/Panel';
import { fetchAllPages, listCalendars, listSlaPolicies } from '../endpoints';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { CASE_STATUSES, labelFor, type BusinessCalendar, type SessionUser, type SlaPolicy } from '../records';
import { href } from '../router';
import { canAdministerSla, formatMinutes, weeklyOpenTime } from '../sla';

function policyColumns(calendars: readonly BusinessCalendar[]): readonly Column<SlaPolicy>[] {
  return [
    {
      header: 'Policy',
      cell: (policy) => (
        <>
          <a href={href(`/sla/policies/${policy.id}`)}>{policy.name}</a> {policy.is_default && <Badge tone="info">Default</Badge>}
        </>
      ),
    },
    { header: 'Calendar', cell: (policy) => calendars.find((calendar) => calendar.id === policy.calendar_id)?.name ?? `Calendar ${policy.calendar_id}` },
    { header: 'Pauses in', cell: (policy) => policy.pause_statuses.map((status) => labelFor(CASE_STATUSES, status)).join(', ') || 'Never pauses' },
    {
      header: 'Review',
      cell: (policy) => (
        <>
          <time dateTime={policy.review_on}>{formatDate(policy.review_on)}</time> <ReviewBadge policy={policy} />
        </>
      ),
    },
  ];
}

const CALENDAR_COLUMNS: readonly Column<BusinessCalendar>[] = [
  { header: 'Calendar', cell: (calendar) => <a href={href(`/sla/calendars/${calendar.id}`)}>{calendar.name}</a> },
  { header: 'Time zone', cell: (calendar) => calendar.calendar.tz },
  {
    header: 'Open',
    cell: (calendar) => {
      const { days, minutes } = weeklyOpenTime(calendar.calendar);
      return `${days} ${days === 1 ? 'day' : 'days'}, ${formatMinutes(minutes)} a week`;
    },
  },
  { header: 'Holidays', cell: (calendar) => calendar.calendar.holidays?.length ?? 0, align: 'numeric' },
];

export function SlaSettingsPage({ user }: { user: SessionUser }) {
  useDocumentTitle('SLA settings');
  const policies = useAsync(() => fetchAllPages(listSlaPolicies), []);
  const calendars = useAsync(() => fetchAllPages(listCalendars), []);
  return (
    <div class="page">
      <h1>SLA settings</h1>
      <p class="page-subtitle">
        {canAdministerSla(user.role)
          ? 'Open a policy or a calendar to change it. Changes recompute the clocks of the cases they govern.'
          : 'CS managers and administrators change these settings; you may read them.'}
      </p>
      <Panel title="SLA policies">
        <ErrorAlert error={policies.error ?? calendars.error} />
        {policies.loading && <p class="muted">Loading…</p>}
        {policies.data && (
          <DataTable
            caption="SLA policies"
            columns={policyColumns(calendars.data ?? [])}
            rows={policies.data}
            rowKey={(policy) => policy.id}
            rowClass={(policy) => (policy.review_due ? 'row--highlight' : undefined)}
          />
        )}
        {policies.data?.length === 0 && <p class="empty">No SLA policy yet.</p>}
      </Panel>
      <Panel title="Business calendars">
        {calendars.loading && <p class="muted">Loading…</p>}
        {calendars.data && <DataTable caption="Business calendars" columns={CALENDAR_COLUMNS} rows={calendars.data} rowKey={(calendar) => calendar.id} />}
        {calendars.data?.length === 0 && <p class="empty">No business calendar yet.</p>}
      </Panel>
    </div>
  );
}
