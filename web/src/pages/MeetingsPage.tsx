// Team communication: my open actions (from meetings and QA reviews), the
// meetings I may see, a form to record a new one (with its team, attendees,
// and the cases and KPIs discussed), and one meeting's page with its agenda,
// decisions, references and action items.

import { useState } from 'preact/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { CheckboxGroupField, Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { formatDate, formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { useTeams, useUsers } from '../hooks/useUsers';
import { addMeetingAction, canRecordMeetings, createMeeting, getMeeting, getOpenActions, KPI_SUGGESTIONS, listMeetings, setMeetingActionDone, type Meeting, type MeetingAction } from '../quality';
import type { SessionUser } from '../records';
import { href, navigate } from '../router';

const MEETING_KINDS = [
  { value: 'team_meeting', label: 'Team meeting' },
  { value: 'briefing', label: 'Briefing' },
];
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

const list = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);

/** The form that records a meeting: what, when, for which team, who attended, and the cases and KPIs it discussed. */
function NewMeetingForm() {
  const users = useUsers(), teams = useTeams();
  const [everyone, setEveryone] = useState(false);
  const form = useForm({
    initial: { title: '', kind: 'team_meeting', team_id: '', held_at: new Date().toISOString().slice(0, 16), attendee_ids: '', agenda: '', decisions: '', notes: '', case_ids: '', kpis: '' },
    required: ['title', 'kind', 'held_at'],
    // attendee_ids[2], case_ids[0]: the message is shown by the whole list
    fieldOf: (field) => field.replace(/\[\d+\]$/, ''),
    onSubmit: async (v) => {
      const meeting = await createMeeting({
        kind: v.kind as Meeting['kind'],
        title: v.title.trim(),
        team_id: v.team_id ? Number(v.team_id) : null,
        held_at: `${v.held_at}:00Z`,
        attendee_ids: v.attendee_ids.split(',').filter(Boolean).map(Number),
        agenda: lines(v.agenda),
        decisions: lines(v.decisions),
        notes: v.notes.trim() || null,
        case_ids: list(v.case_ids).map((n) => Number(n.replace(/^#/, ''))),
        kpis: list(v.kpis).map((k) => k.toLowerCase().replace(/\s+/g, '_')),
      });
      navigate(`/meetings/${meeting.id}`);
    },
  });
  const team = Number(form.values.team_id);
  const chosen = form.values.attendee_ids.split(',');
  const people = (users.data ?? []).filter((u) => u.active && (everyone || !team || u.team_id === team || chosen.includes(String(u.id))));
  return (
    <form class="form form-grid" aria-label="New meeting" onSubmit={form.handleSubmit}>
      <Field form={form} name="title" label="Title" maxLength={200} wide />
      <Field form={form} name="kind" label="Kind" options={MEETING_KINDS} />
      <Field form={form} name="team_id" label="Team" emptyOption="No team" options={(teams.data ?? []).map((t) => ({ value: String(t.id), label: t.name }))} />
      <Field form={form} name="held_at" label="Held at (UTC)" type="datetime-local" />
      <CheckboxGroupField form={form} name="attendee_ids" label="Attendees" options={people.map((u) => ({ value: String(u.id), label: u.display_name }))} />
      {team > 0 && (
        <label class="field field--wide field--check">
          <input type="checkbox" checked={everyone} onInput={(e) => setEveryone(e.currentTarget.checked)} /> Show people of other teams too
        </label>
      )}
      <Field form={form} name="agenda" label="Agenda (one item a line)" multiline wide />
      <Field form={form} name="decisions" label="Decisions (one a line)" multiline wide />
      <Field form={form} name="notes" label="Notes" multiline wide />
      <Field form={form} name="case_ids" label="Cases discussed" hint="Case numbers, comma-separated (a complaint is referenced by its case)." />
      <Field form={form} name="kpis" label="KPIs discussed" hint={`Names, comma-separated, e.g. ${KPI_SUGGESTIONS.slice(0, 4).join(', ')}`} />
      <FormFooter form={form} submitLabel="Record meeting" />
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
