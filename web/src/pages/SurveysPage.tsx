// The surveys and their triggers (set up by surveys.admin), a form to invite
// a contact by hand (surveys.send: by email, or a link shown once to hand
// over), and the invitations with where each stands: waiting, sent,
// answered, expired or failed.

import { useState } from 'preact/hooks';
import { Badge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { ListFooter } from '../components/ListFooter';
import { Panel } from '../components/Panel';
import { listAccounts, listContacts } from '../endpoints';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { usePagedList } from '../hooks/usePagedList';
import { CASE_TYPES, labelFor, type SessionUser } from '../records';
import { href } from '../router';
import {
  canAdminSurveys,
  canSendSurveys,
  describeTrigger,
  INVITATION_STATES,
  invitationState,
  inviteContact,
  listInvitations,
  listSurveys,
  type InvitationState,
  type Survey,
  type SurveyInvitation,
} from '../surveyAdmin';
import { SURVEY_TYPES } from '../surveys';

const STATE_TONES: Record<InvitationState, 'neutral' | 'good' | 'warning' | 'bad' | 'info'> = {
  answered: 'good',
  expired: 'neutral',
  waiting: 'info',
  sending: 'info',
  sent: 'info',
  failed: 'bad',
  handed_over: 'info',
};

const when = (at: string | null) => (at ? formatDateTime(at) : '');

function invitationColumns(now: string): Column<SurveyInvitation>[] {
  return [
    { header: 'Survey', cell: (i) => i.survey_name },
    { header: 'Contact', cell: (i) => <a href={href(`/accounts/${i.account_id}`)}>{i.contact_name}</a> },
    { header: 'Case', cell: (i) => (i.case_id ? <a href={href(`/cases/${i.case_id}`)}>{`Case ${i.case_id}`}</a> : '') },
    { header: 'Delivery', cell: (i) => (i.delivery === 'link' ? 'Link' : 'Email') },
    {
      header: 'State',
      cell: (i) => {
        const state = invitationState(i, now);
        return <span title={i.mail_detail ?? undefined}><Badge tone={STATE_TONES[state]}>{INVITATION_STATES[state]}</Badge></span>;
      },
    },
    { header: 'Sent', cell: (i) => (i.sent_at ? when(i.sent_at) : `from ${when(i.send_after)}`) },
    { header: 'Answered', cell: (i) => when(i.answered_at) },
    { header: 'Expires', cell: (i) => when(i.expires_at) },
  ];
}

function surveyColumns(admin: boolean): Column<Survey>[] {
  const caseType = (t: string) => labelFor(CASE_TYPES, t);
  return [
    { header: 'Survey', cell: (s) => (admin ? <a href={href(`/surveys/${s.id}`)}>{s.name}</a> : s.name) },
    { header: 'Type', cell: (s) => `${labelFor(SURVEY_TYPES, s.type)} ${s.scale_min}-${s.scale_max}` },
    { header: 'Trigger', cell: (s) => describeTrigger(s, caseType) },
    { header: 'Custom questions', cell: (s) => (s.custom_questions ?? []).length, align: 'numeric' },
    { header: 'Active', cell: (s) => (s.active ? <Badge tone="good">Active</Badge> : <Badge tone="neutral">Off</Badge>) },
  ];
}

/** Invites one contact: the survey, the account (searched by name), its contact, an optional case, and how. */
function InviteForm({ surveys, onInvited }: { surveys: Survey[]; onInvited: () => void }) {
  const [search, setSearch] = useState('');
  const [made, setMade] = useState<SurveyInvitation | null>(null);
  const q = useDebouncedValue(search.trim(), 250);
  const accounts = useAsync(() => (q ? listAccounts({ q, status: '', tier: '' }, undefined) : Promise.resolve(null)), [q]);
  const form = useForm({
    initial: { survey_id: '', account_id: '', contact_id: '', case_id: '', delivery: 'email' },
    required: ['survey_id', 'account_id', 'contact_id'],
    onSubmit: async (values) => {
      const inv = await inviteContact({
        survey_id: Number(values.survey_id),
        contact_id: Number(values.contact_id),
        ...(values.case_id.trim() ? { case_id: Number(values.case_id) } : {}),
        delivery: values.delivery,
      });
      setMade(inv);
      form.reset({ ...values, contact_id: '', case_id: '' });
      onInvited();
    },
  });
  const accountId = form.values.account_id;
  const contacts = useAsync(() => (accountId ? listContacts(Number(accountId), undefined) : Promise.resolve(null)), [accountId]);
  return (
    <>
      <form class="form form-grid" aria-label="Invite a contact" onSubmit={form.handleSubmit}>
        <Field form={form} name="survey_id" label="Survey" emptyOption="Choose…" options={surveys.filter((s) => s.active).map((s) => ({ value: String(s.id), label: s.name }))} />
        <div class="field">
          <label for="invite-account-search">Find the account</label>
          <input id="invite-account-search" type="search" value={search} placeholder="Name" onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <Field form={form} name="account_id" label="Account" emptyOption={q ? 'Choose…' : 'Search first'} options={(accounts.data?.items ?? []).map((a) => ({ value: String(a.id), label: a.name }))} />
        <Field form={form} name="contact_id" label="Contact" emptyOption="Choose…"
          options={(contacts.data?.items ?? []).map((c) => ({ value: String(c.id), label: `${c.name}${c.email ? ` <${c.email}>` : ' (no email)'}` }))} />
        <Field form={form} name="case_id" label="About case (number, optional)" />
        <Field form={form} name="delivery" label="Delivery" options={[{ value: 'email', label: 'Email the link' }, { value: 'link', label: 'Show the link once, to hand over' }]} />
        <FormFooter form={form} submitLabel="Invite" busyLabel="Inviting…" />
      </form>
      {made && (
        <p class="notice" role="status">
          {`${made.contact_name} is invited to ${made.survey_name}`}
          {made.link ? <>{': hand over this link now — it cannot be shown again: '}<code class="survey-link">{made.link}</code></> : ', by email.'}
        </p>
      )}
    </>
  );
}

export function SurveysPage({ user, query }: { user: SessionUser; query: URLSearchParams }) {
  useDocumentTitle('Surveys');
  const admin = canAdminSurveys(user.role);
  const [revision, setRevision] = useState(0);
  const [surveyFilter, setSurveyFilter] = useState('');
  const surveys = usePagedList(listSurveys, [query.get('saved')]);
  const invitations = usePagedList((after) => listInvitations(surveyFilter, after), [surveyFilter, revision]);
  const now = new Date().toISOString();
  return (
    <div class="page">
      <h1>Surveys</h1>
      <Panel title="Surveys" actions={admin ? <a class="button button--small" href={href('/surveys/new')}>New survey</a> : undefined}>
        <DataTable caption="Surveys and their triggers" columns={surveyColumns(admin)} rows={surveys.items} rowKey={(s) => s.id} />
        <ListFooter list={surveys} emptyText="No surveys yet." />
      </Panel>
      {canSendSurveys(user.role) && (
        <Panel title="Invite a contact">
          <InviteForm surveys={surveys.items} onInvited={() => setRevision((n) => n + 1)} />
        </Panel>
      )}
      <Panel title="Invitations">
        <div class="filter-bar">
          <div class="field">
            <label for="invitation-survey">Survey</label>
            <select id="invitation-survey" value={surveyFilter} onInput={(e) => setSurveyFilter(e.currentTarget.value)}>
              <option value="">All surveys</option>
              {surveys.items.map((s) => <option key={s.id} value={String(s.id)}>{s.name}</option>)}
            </select>
          </div>
        </div>
        <DataTable caption="Invitations, newest first" columns={invitationColumns(now)} rows={invitations.items} rowKey={(i) => i.id} />
        <ListFooter list={invitations} emptyText="No invitations yet." />
      </Panel>
    </div>
  );
}
