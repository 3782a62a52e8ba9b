// For mail.admin (CS managers and admins): the mailbox rules — which case
// type, team and priority mail to each of our addresses opens — added and
// removed here; and the quarantine of mail that could not be read as mail,
// with the reason, kept whole on the server.

import { useState } from 'preact/hooks';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { ListFooter } from '../components/ListFooter';
import { Panel } from '../components/Panel';
import { formatDateTime } from '../format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { usePagedList } from '../hooks/usePagedList';
import { useTeams } from '../hooks/useUsers';
import {
  canAdministerMail,
  createMailboxRule,
  deleteMailboxRule,
  formatBytes,
  listMailboxRules,
  listQuarantine,
  type MailboxRule,
  type Quarantined,
} from '../mail';
import { CASE_PRIORITIES, CASE_TYPES, labelFor, type CaseType, type SessionUser } from '../records';
import { MailHeader } from './MailTriagePage';

const QUARANTINE_COLUMNS: readonly Column<Quarantined>[] = [
  { header: 'Received', cell: (mail) => <time dateTime={mail.at}>{formatDateTime(mail.at)}</time> },
  { header: 'Reason', cell: (mail) => mail.reason },
  { header: 'Size', cell: (mail) => formatBytes(mail.size), align: 'numeric' },
];

export function MailAdminPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Quarantine and mailbox rules');
  const [revision, setRevision] = useState(0);
  const rules = usePagedList(listMailboxRules, [revision]);
  const quarantine = usePagedList(listQuarantine, []);
  const changed = () => setRevision((count) => count + 1);
  if (!canAdministerMail(user.role)) {
    return (
      <div class="page">
        <MailHeader title="Quarantine and mailbox rules" current="/mail/admin" role={user.role} />
        <p class="empty">Only CS managers and admins set mailbox rules and read the quarantine.</p>
      </div>
    );
  }
  return (
    <div class="page">
      <MailHeader title="Quarantine and mailbox rules" current="/mail/admin" role={user.role} />
      <Panel title="Mailbox rules">
        <p class="muted">Mail to an address with a rule opens cases of its type, team and priority; other mail opens enquiries at P3.</p>
        <DataTable caption="Mailbox rules" columns={ruleColumns(changed)} rows={rules.items} rowKey={(rule) => rule.id} />
        <ListFooter list={rules} emptyText="No mailbox rules yet." />
        <RuleForm onSaved={changed} />
      </Panel>
      <Panel title="Quarantine">
        <p class="muted">Mail that could not be read as mail (no headers, no sender, broken MIME, too large), kept whole with the reason.</p>
        <DataTable caption="Quarantined mail" columns={QUARANTINE_COLUMNS} rows={quarantine.items} rowKey={(mail) => mail.id} />
        <ListFooter list={quarantine} emptyText="Nothing is in quarantine." />
      </Panel>
    </div>
  );
}

function ruleColumns(onDeleted: () => void): readonly Column<MailboxRule>[] {
  return [
    { header: 'Address', cell: (rule) => rule.address },
    { header: 'Opens', cell: (rule) => labelFor(CASE_TYPES, rule.case_type) },
    { header: 'Team', cell: (rule) => rule.team_name ?? <span class="muted">None</span> },
    { header: 'Priority', cell: (rule) => labelFor(CASE_PRIORITIES, String(rule.priority)) },
    { header: 'Remove', cell: (rule) => <DeleteRuleButton rule={rule} onDeleted={onDeleted} /> },
  ];
}

function DeleteRuleButton({ rule, onDeleted }: { rule: MailboxRule; onDeleted: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const remove = () =>
    deleteMailboxRule(rule).then(onDeleted, (failure: unknown) => setError(failure instanceof Error ? failure : new Error(String(failure))));
  return (
    <>
      <button type="button" class="button button--small" onClick={remove} aria-label={`Remove the rule for ${rule.address}`}>
        Remove
      </button>
      <ErrorAlert error={error} />
    </>
  );
}

function RuleForm({ onSaved }: { onSaved: () => void }) {
  const teams = useTeams();
  const blank = { address: '', case_type: 'complaint', team_id: '', priority: '3' };
  const form = useForm({
    initial: blank,
    required: ['address', 'case_type'],
    onSubmit: async (values) => {
      await createMailboxRule({
        address: values.address.trim(),
        case_type: values.case_type as CaseType,
        team_id: values.team_id === '' ? null : Number(values.team_id),
        priority: Number(values.priority),
      });
      form.reset(blank);
      onSaved();
    },
  });
  const teamOptions = (teams.data ?? []).map((team) => ({ value: String(team.id), label: team.name }));
  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="New mailbox rule">
      <Field form={form} name="address" label="Our address" type="email" maxLength={254} hint="e.g. complaints@example.com" />
      <Field form={form} name="case_type" label="Opens" options={CASE_TYPES} />
      <Field form={form} name="team_id" label="Team" options={teamOptions} emptyOption="No team" />
      <Field form={form} name="priority" label="Priority" options={CASE_PRIORITIES} />
      <FormFooter form={form} submitLabel="Add rule" busyLabel="Adding…" />
    </form>
  );
}
