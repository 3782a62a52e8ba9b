// Team communication: my open actions (from meetings and QA reviews), the
// meetings I may see, a form to record a new one, and one meeting's page
// with its agenda, decisions, references and action items.

import { useState } from 'preact/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Panel } from '../components/Panel';
import { formatDate, formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useUsers } from '../hooks/useUsers';
import { addMeetingAction, canRecordMeetings, createMeeting, getMeeting, getOpenActions, listMeetings, setMeetingActionDone, type MeetingAction } from '../quality';
import type { SessionUser } from '../records';
import { href, navigate } from '../router';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function ActionItem({ action, user, onChange }: { action: MeetingAction; user: SessionUser; onChange: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const mayTick = action.owner_id === user.id || canRecordMeetings(user.role);
  return (
    <li>
      <label>
        <input type="checkbox" checked={action.done} disabled={!mayTick} onInput={(e) => setMeetingActionDone(action, e.currentTarget.checked).then(onChange, setError)} />
        {` ${action.title} — ${action.owner_name}, due ${formatDate(action.due_on)}`}
      </label>
      <ErrorAlert error={error} />
    </li>
  );
}

function NewMeetingForm() {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState('team_meeting');
  const [heldAt, setHeldAt] = useState(new Date().toISOString().slice(0, 16));
  const [agenda, setAgenda] = useState('');
  const [decisions, setDecisions] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const save = (event: Event) => {
    event.preventDefault();
    createMeeting({ kind: kind as 'team_meeting', title, held_at: `${heldAt}:00Z`, agenda: lines(agenda), decisions: lines(decisions), notes: notes || null })
      .then((m) => navigate(`/meetings/${m.id}`), setError);
  };
  return (
    <form aria-label="New meeting" onSubmit={save}>
      <div class="field"><label for="m-title">Title</label><input id="m-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} required /></div>
      <div class="field">
        <label for="m-kind">Kind</label>
        <select id="m-kind" value={kind} onInput={(e) => setKind(e.currentTarget.value)}><option value="team_meeting">Team meeting</option><option value="briefing">Briefing</option></select>
      </div>
      <div class="field"><label for="m-at">Held at (UTC)</label><input id="m-at" type="datetime-local" value={heldAt} onInput={(e) => setHeldAt(e.currentTarget.value)} /></div>
      <div class="field"><label for="m-agenda">Agenda (one item a line)</label><textarea id="m-agenda" value={agenda} onInput={(e) => setAgenda(e.currentTarget.value)} /></div>
      <div class="field"><label for="m-decisions">Decisions (one a line)</label><textarea id="m-decisions" value={decisions} onInput={(e) => setDecisions(e.currentTarget.value)} /></div>
      <div class="field"><label for="m-notes">Notes</label><textarea id="m-notes" value={notes} onInput={(e) => setNotes(e.currentTarget.value)} /></div>
      <ErrorAlert error={error} />
      <button type="submit" class="button button--primary">Record meeting</button>
    </form>
  );
}

export function MeetingsPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Meetings');
  const open = useAsync(getOpenActions, []);
  const meetings = useAsync(listMeetings, []);
  return (
    <div class="page">
      <h1>Meetings</h1>
      <Panel title="My open actions">
        <ErrorAlert error={open.error} />
        <ul class="plain-list">
          {(open.data?.meeting_actions ?? []).map((a) => <ActionItem key={`m${a.id}`} action={a} user={user} onChange={open.reload} />)}
          {(open.data?.qa_actions ?? []).map((a) => <li key={`q${a.id}`}>{`${a.title} (QA review ${a.review_id}) — due ${formatDate(a.due_on)}`}</li>)}
        </ul>
        {open.data && open.data.meeting_actions.length + open.data.qa_actions.length === 0 && <p class="muted">Nothing open.</p>}
      </Panel>
      <Panel title="Meetings">
        <ul class="plain-list">
          {(meetings.data?.items ?? []).map((m) => (
            <li key={m.id}><a href={href(`/meetings/${m.id}`)}>{m.title}</a>{` — ${m.kind === 'briefing' ? 'briefing' : 'team meeting'}, ${formatDateTime(m.held_at)}`}</li>
          ))}
        </ul>
      </Panel>
      {canRecordMeetings(user.role) && <Panel title="Record a meeting"><NewMeetingForm /></Panel>}
    </div>
  );
}

export function MeetingPage({ meetingId, user }: { meetingId: number; user: SessionUser }) {
  const meeting = useAsync(() => getMeeting(meetingId), [meetingId]);
  const users = useUsers();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const m = meeting.data;
  useDocumentTitle(m?.title ?? 'Meeting');
  const name = (id: number) => users.data?.find((u) => u.id === id)?.display_name ?? `User ${id}`;
  return (
    <div class="page">
      <h1>{m?.title ?? 'Meeting'}</h1>
      <ErrorAlert error={meeting.error} />
      {m && (
        <>
          <p>{`${m.kind === 'briefing' ? 'Briefing' : 'Team meeting'} · ${formatDateTime(m.held_at)} · organised by ${m.organiser_name}`}</p>
          <Panel title="Agenda"><ol>{(m.agenda ?? []).map((a) => <li key={a}>{a}</li>)}</ol></Panel>
          <Panel title="Attendees"><p>{m.attendee_ids.map(name).join(', ') || 'None recorded'}</p></Panel>
          {m.notes && <Panel title="Notes"><p>{m.notes}</p></Panel>}
          <Panel title="Decisions"><ul>{(m.decisions ?? []).map((d) => <li key={d}>{d}</li>)}</ul></Panel>
          {((m.case_ids ?? []).length > 0 || (m.kpis ?? []).length > 0) && (
            <Panel title="References">
              <p>
                {(m.case_ids ?? []).map((id) => <a key={id} class="ref" href={href(`/cases/${id}`)}>{`Case ${id} `}</a>)}
                {(m.kpis ?? []).length > 0 && `KPIs: ${(m.kpis ?? []).join(', ')}`}
              </p>
            </Panel>
          )}
          <Panel title="Actions">
            <ul class="plain-list">{(m.actions ?? []).map((a) => <ActionItem key={a.id} action={a} user={user} onChange={meeting.reload} />)}</ul>
            {canRecordMeetings(user.role) && (
              <form class="filter-bar" aria-label="Add an action" onSubmit={(e) => { e.preventDefault(); addMeetingAction(m.id, { title, owner_id: Number(owner), due_on: due }).then(() => { setTitle(''); meeting.reload(); }, setError); }}>
                <div class="field"><label for="a-title">Action</label><input id="a-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} required /></div>
                <div class="field">
                  <label for="a-owner">Owner</label>
                  <select id="a-owner" value={owner} onInput={(e) => setOwner(e.currentTarget.value)} required>
                    <option value="">Choose…</option>
                    {(users.data ?? []).map((u) => <option key={u.id} value={String(u.id)}>{u.display_name}</option>)}
                  </select>
                </div>
                <div class="field"><label for="a-due">Due</label><input id="a-due" type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} required /></div>
                <button type="submit" class="button">Add action</button>
                <ErrorAlert error={error} />
              </form>
            )}
          </Panel>
        </>
      )}
    </div>
  );
}
