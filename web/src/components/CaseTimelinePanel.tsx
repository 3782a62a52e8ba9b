// A case's timeline, newest first and paged: public replies, internal notes
// (marked "Internal"), status and assignment changes; with the reply and
// internal-note boxes on top for those who work cases. A reply that came by
// mail names its sender and links its attachments; a reply sent by mail shows
// its sending state (queued, sent, failed with a retry button).

import { listCaseTimeline } from '../endpoints';
import { formatDateTime } from '../format';
import type { AsyncState } from '../hooks/useAsync';
import { usePagedList } from '../hooks/usePagedList';
import { useTeams, useUsers } from '../hooks/useUsers';
import { senderOf, type CaseMails } from '../mail';
import { CASE_STATUSES, COMPLAINT_STEPS, labelFor, type CaseEvent, type Team, type User } from '../records';
import { Badge } from './Badge';
import { CaseMessageForm } from './CaseMessageForm';
import { ErrorAlert } from './ErrorAlert';
import { ListFooter } from './ListFooter';
import { AttachmentLinks, OutboundState } from './MailParts';
import { Panel } from './Panel';

interface CaseTimelinePanelProps {
  caseId: number;
  canWork: boolean;
  /** Changes whenever the case changed, to load the timeline again. */
  revision: number;
  /** The case's mails in and out (loaded by the page, which shows them all too). */
  mails: AsyncState<CaseMails>;
  onPosted: () => void;
}

export function CaseTimelinePanel({ caseId, canWork, revision, mails, onPosted }: CaseTimelinePanelProps) {
  const timeline = usePagedList((after) => listCaseTimeline(caseId, after), [caseId, revision]);
  const users = useUsers();
  const teams = useTeams();
  const title = (event: CaseEvent) => headline(event, users.data ?? [], teams.data ?? []);
  return (
    <Panel title="Timeline">
      {canWork && (
        <div class="compose-pair">
          <CaseMessageForm caseId={caseId} kind="reply" onPosted={onPosted} />
          <CaseMessageForm caseId={caseId} kind="note" onPosted={onPosted} />
        </div>
      )}
      <ol class="timeline" aria-label="Case timeline">
        {timeline.items.map((event) => (
          <li key={event.id} class={`timeline-item timeline-item--${event.kind}`}>
            <div class="timeline-meta">
              <span class="timeline-kind">{kindLabel(event)}</span>
              {event.visibility === 'internal' && <Badge tone="warning">Internal</Badge>}
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              {event.author_name && <span>{event.author_name}</span>}
            </div>
            {title(event) && <div class="timeline-title">{title(event)}</div>}
            {event.body && <p class="timeline-summary">{event.body}</p>}
            {mails.data && <EventMail eventId={event.id} mails={mails.data} canWork={canWork} onRetried={mails.reload} />}
          </li>
        ))}
      </ol>
      <ErrorAlert error={mails.error} />
      <ListFooter list={timeline} emptyText="Nothing has happened on this case yet." />
    </Panel>
  );
}

function kindLabel(event: CaseEvent): string {
  switch (event.kind) {
    case 'reply':
      return event.direction === 'inbound' ? 'Customer reply' : 'Reply';
    case 'note':
      return 'Note';
    case 'status_change':
      return 'Status';
    case 'assignment_change':
      return 'Assignment';
    case 'complaint_step':
      return 'Complaint';
    case 'escalation':
      return 'Escalation';
    case 'sla_escalation':
      return 'SLA';
    case 'mail_failed':
      return 'Mail failed';
  }
}

interface EventMailProps {
  eventId: number;
  mails: CaseMails;
  canWork: boolean;
  onRetried: () => void;
}

/** The mail an event came in as (its sender and attachments), or the mails it went out as (their state). */
function EventMail({ eventId, mails, canWork, onRetried }: EventMailProps) {
  const inbound = mails.inbound.find((mail) => mail.event_id === eventId);
  const outbound = mails.outbound.filter((mail) => mail.event_id === eventId);
  return (
    <>
      {inbound && (
        <div class="mail-state">
          <span>{`By email from ${senderOf(inbound)}`}</span>
        </div>
      )}
      {inbound && <AttachmentLinks attachments={inbound.attachments ?? []} />}
      {outbound.map((mail) => (
        <OutboundState key={mail.id} mail={mail} canRetry={canWork} onRetried={onRetried} />
      ))}
    </>
  );
}

/** "Open → Resolved"; "Amy Shah → Owen Davies; team Customer Service → Technical Support"; "to team Customer Service";
 *  "Acknowledged"; nothing for replies and notes. */
function headline(event: CaseEvent, users: readonly User[], teams: readonly Team[]): string {
  const nameOf = (id: number | null) =>
    id === null ? 'Unassigned' : (users.find((user) => user.id === id)?.display_name ?? `User ${id}`);
  const teamOf = (id: number) => teams.find((team) => team.id === id)?.name ?? `team ${id}`;
  const teamChange = (from: number | null, to: number | null) =>
    from === to ? '' : to === null ? `out of team ${teamOf(from as number)}` : from === null ? `to team ${teamOf(to)}` : `team ${teamOf(from)} → ${teamOf(to)}`;
  switch (event.kind) {
    case 'status_change':
      return `${labelFor(CASE_STATUSES, event.from_status)} → ${labelFor(CASE_STATUSES, event.to_status)}`;
    case 'assignment_change': {
      const people = event.from_assignee_id === event.to_assignee_id ? '' : `${nameOf(event.from_assignee_id)} → ${nameOf(event.to_assignee_id)}`;
      return [people, teamChange(event.from_team_id, event.to_team_id)].filter(Boolean).join('; ');
    }
    case 'complaint_step':
      return labelFor(COMPLAINT_STEPS, event.step);
    default:
      return '';
  }
}
