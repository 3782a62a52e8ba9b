// The outbound queue: every mail forgedesk sends, newest first, filtered by
// status (kept in the URL): what it is, to whom, its tries, the next try and
// the last error; a failed or waiting mail can be sent again now by those
// who work cases.

import { useId, useState } from 'preact/hooks';
import { canWorkCases } from '../caseWorkflow';
import { DataTable, type Column } from '../components/DataTable';
import { SelectOptions } from '../components/Field';
import { ListFooter } from '../components/ListFooter';
import { OutboxStatusBadge, RetryButton } from '../components/MailParts';
import { formatDateTime } from '../format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import { listOutbox, MAIL_KINDS, OUTBOX_STATUSES, type OutboundMail } from '../mail';
import { labelFor, type SessionUser } from '../records';
import { href, navigate } from '../router';
import { MailHeader } from './MailTriagePage';

function columns(canWork: boolean, onRetried: () => void): readonly Column<OutboundMail>[] {
  return [
    { header: 'Created', cell: (mail) => <time dateTime={mail.created_at}>{formatDateTime(mail.created_at)}</time> },
    { header: 'Kind', cell: (mail) => labelFor(MAIL_KINDS, mail.kind) },
    { header: 'To', cell: (mail) => mail.to_address },
    { header: 'Subject', cell: (mail) => mail.subject },
    { header: 'Case', cell: (mail) => (mail.case_id === null ? <span class="muted">None</span> : <a href={href(`/cases/${mail.case_id}`)}>{`Case ${mail.case_id}`}</a>) },
    { header: 'Status', cell: (mail) => <OutboxStatusBadge status={mail.status} /> },
    { header: 'Tries', cell: (mail) => mail.attempts, align: 'numeric' },
    {
      header: 'Next try',
      cell: (mail) => (mail.status === 'queued' && mail.next_attempt_at ? formatDateTime(mail.next_attempt_at) : <span class="muted">—</span>),
    },
    { header: 'Last error', cell: (mail) => (mail.status !== 'sent' && mail.last_error) || <span class="muted">—</span> },
    ...(canWork ? [{ header: 'Retry', cell: (mail: OutboundMail) => <RetryButton mail={mail} onRetried={onRetried} /> }] : []),
  ];
}

export function MailOutboxPage({ user, query }: { user: SessionUser; query: URLSearchParams }) {
  useDocumentTitle('Outbound queue');
  const status = query.get('status') ?? '';
  const [revision, setRevision] = useState(0);
  const mails = usePagedList((after) => listOutbox(status, after), [status, revision]);
  const statusId = useId();
  return (
    <div class="page">
      <MailHeader title="Outbound queue" current="/mail/outbox" role={user.role} />
      <p class="page-subtitle">
        Every mail forgedesk sends waits here until it is sent. A failed try is retried after 1, 2, 4 … minutes (at most an hour apart);
        after 10 tries the mail is failed until someone retries it.
      </p>
      <form class="filter-bar" role="search" aria-label="Filter the outbound queue" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for={statusId}>Status</label>
          <select
            id={statusId}
            value={status}
            onInput={(event) => navigate('/mail/outbox', { query: { status: event.currentTarget.value }, replace: true })}
          >
            <SelectOptions options={OUTBOX_STATUSES} emptyOption="All statuses" />
          </select>
        </div>
      </form>
      <DataTable
        caption="Outbound mail"
        columns={columns(canWorkCases(user.role), () => setRevision((count) => count + 1))}
        rows={mails.items}
        rowKey={(mail) => mail.id}
        rowClass={(mail) => (mail.status === 'failed' ? 'row--bad' : undefined)}
      />
      <ListFooter list={mails} emptyText="No outbound mail matches this filter." />
    </div>
  );
}
