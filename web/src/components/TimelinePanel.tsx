// An account's timeline, newest first: interactions, orders, service events
// cases (linking to the case page) and follow-up tasks, paged; with the "Record interaction" form on top.

import { useState } from 'preact/hooks';
import { listAccountTimeline } from '../endpoints';
import { formatDate, formatDateTime, formatMoney } from '../format';
import { usePagedList } from '../hooks/usePagedList';
import {
  CASE_STATUSES,
  CHANNELS,
  DIRECTIONS,
  labelFor,
  SERVICE_EVENT_KINDS,
  TIMELINE_KINDS,
  type Contact,
  type TimelineItem,
} from '../records';
import { href } from '../router';
import { TASK_STATUSES } from '../tasks';
import { InteractionForm } from './InteractionForm';
import { ListFooter } from './ListFooter';
import { Panel } from './Panel';

interface TimelinePanelProps {
  accountId: number;
  contacts: readonly Contact[];
}

export function TimelinePanel({ accountId, contacts }: TimelinePanelProps) {
  const [recording, setRecording] = useState(false);
  const [revision, setRevision] = useState(0);
  const timeline = usePagedList((after) => listAccountTimeline(accountId, after), [accountId, revision]);

  const recordButton = !recording && (
    <button type="button" class="button button--small button--primary" onClick={() => setRecording(true)}>
      Record interaction
    </button>
  );

  return (
    <Panel title="Timeline" actions={recordButton}>
      {recording && (
        <InteractionForm
          accountId={accountId}
          contacts={contacts}
          onSaved={() => {
            setRecording(false);
            setRevision((count) => count + 1);
          }}
          onCancel={() => setRecording(false)}
        />
      )}
      <ol class="timeline" aria-label="Timeline">
        {timeline.items.map((item) => (
          <li key={`${item.kind}-${item.id}`} class={`timeline-item timeline-item--${item.kind}`}>
            <div class="timeline-meta">
              <span class="timeline-kind">{labelFor(TIMELINE_KINDS, item.kind)}</span>
              <time dateTime={item.at}>{item.kind === 'interaction' || item.kind === 'case' ? formatDateTime(item.at) : formatDate(item.at.slice(0, 10))}</time>
            </div>
            <div class="timeline-title">
              {item.kind === 'case' && item.ref.case_id ? <a href={href(`/cases/${item.ref.case_id}`)}>{headline(item)}</a> : headline(item)}
            </div>
            {item.summary && <p class="timeline-summary">{item.summary}</p>}
          </li>
        ))}
      </ol>
      <ListFooter list={timeline} emptyText="Nothing has happened with this account yet." />
    </Panel>
  );
}

/** "Phone, inbound"; "Order SO-1001 · £1,234.56"; "Repair · HX-0042"; "Pump leaking · Open". */
function headline(item: TimelineItem): string {
  switch (item.kind) {
    case 'interaction':
      return [labelFor(CHANNELS, item.title), labelFor(DIRECTIONS, item.direction).toLowerCase()].filter(Boolean).join(', ');
    case 'order':
      return [`Order ${item.title}`, item.value_minor !== undefined && formatMoney(item.value_minor, item.currency)]
        .filter(Boolean)
        .join(' · ');
    case 'service_event':
      return [labelFor(SERVICE_EVENT_KINDS, item.title), item.serial].filter(Boolean).join(' · ');
    case 'case':
      return [item.title, labelFor(CASE_STATUSES, item.status)].filter(Boolean).join(' · ');
    case 'survey':
      return `${item.title}: ${item.score ?? ''} on ${item.scale_min ?? ''}-${item.scale_max ?? ''}`;
    case 'task':
      return [`Task: ${item.title}`, labelFor(TASK_STATUSES, item.status)].filter(Boolean).join(' · ');
  }
}
