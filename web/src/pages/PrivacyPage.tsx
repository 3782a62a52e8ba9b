// Data protection (docs/PRIVACY.md): the retention periods with what each
// will change now and when the next record falls due (admins set them and
// may run them at once), subject access exports of a contact (admins) or a
// member of staff (HR, admins) as a JSON file and a readable page, and the
// erasure of a contact (admins), which asks for a reason and a confirmation.

import { useEffect, useState } from 'preact/hooks';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import {
  RETENTION_LABELS,
  canAdministerPrivacy,
  canExportStaff,
  canReadPrivacy,
  eraseContact,
  exportSubject,
  getRetention,
  runRetention,
  setRetention,
  type PrivacyErasure,
  type PrivacyExport,
  type RetentionKind,
} from '../privacy';
import type { SessionUser } from '../records';

export function PrivacyPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Data protection');
  if (!canReadPrivacy(user.role)) {
    return (
      <div class="page">
        <h1>Data protection</h1>
        <p class="empty">Only HR, admins and auditors see the retention periods; admins export and erase contacts.</p>
      </div>
    );
  }
  const admin = canAdministerPrivacy(user.role);
  return (
    <div class="page">
      <h1>Data protection</h1>
      <RetentionPanel admin={admin} />
      {admin && <ExportPanel subject="contacts" title="Subject access: a contact" />}
      {canExportStaff(user.role) && <ExportPanel subject="users" title="Subject access: a member of staff" />}
      {admin && <ErasurePanel />}
    </div>
  );
}

function RetentionPanel({ admin }: { admin: boolean }) {
  const report = useAsync(getRetention, []);
  const [ran, setRan] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = () =>
    runRetention().then(
      (result) => {
        setRan(result.applied.map((a) => `${RETENTION_LABELS[a.kind]}: ${a.changed}`).join(', '));
        report.reload();
      },
      (failure: unknown) => setError(failure instanceof Error ? failure : new Error(String(failure))),
    );
  const columns: Column<RetentionKind>[] = [
    {
      header: 'Records',
      cell: (k) => (
        <>
          {RETENTION_LABELS[k.kind]}
          <br />
          <small class="muted">{k.summary}</small>
        </>
      ),
    },
    { header: 'What happens', cell: (k) => (k.action === 'delete' ? 'Deleted' : 'Anonymised') },
    { header: 'Kept for', cell: (k) => (admin ? <PeriodForm kind={k} onSaved={report.reload} /> : k.days === null ? 'Kept' : `${k.days} days`) },
    { header: 'Due now', cell: (k) => k.due_now, align: 'numeric' },
    {
      header: 'Next falls due',
      cell: (k) => (k.next_due_at ? <time dateTime={k.next_due_at}>{formatDateTime(k.next_due_at)}</time> : <span class="muted">—</span>),
    },
  ];
  return (
    <Panel title="Retention periods">
      <p class="muted">
        What each period will change: the scheduler applies them every minute, at most 200 records of each kind at a time. Figures
        (counts, scores, SLA results) are kept.
      </p>
      <ErrorAlert error={report.error ?? error} />
      <DataTable caption="Retention periods" columns={columns} rows={report.data?.kinds ?? []} rowKey={(k) => k.kind} />
      {admin && (
        <p>
          <button type="button" class="button" onClick={run}>
            Apply now
          </button>
          {ran && <span class="muted"> Applied: {ran}</span>}
        </p>
      )}
    </Panel>
  );
}

function PeriodForm({ kind, onSaved }: { kind: RetentionKind; onSaved: () => void }) {
  const initial = { days: kind.days === null ? '' : String(kind.days) };
  const form = useForm({
    initial,
    onSubmit: async (values) => {
      await setRetention(kind.kind, values.days.trim() === '' ? null : Number(values.days));
      onSaved();
    },
  });
  useEffect(() => form.reset(initial), [kind.days]);
  return (
    <form class="inline-form" onSubmit={form.handleSubmit} noValidate aria-label={`Period of ${RETENTION_LABELS[kind.kind]}`}>
      <Field form={form} name="days" label="Days (empty: kept)" type="number" min={1} max={36500} />
      <FormFooter form={form} submitLabel="Set" busyLabel="Setting…" />
    </form>
  );
}

/** Links to a bundle's JSON file and readable page (object URLs the page owns). */
function BundleLinks({ bundle }: { bundle: PrivacyExport }) {
  const [urls, setUrls] = useState<{ json: string; html: string } | null>(null);
  useEffect(() => {
    const json = URL.createObjectURL(new Blob([JSON.stringify(bundle.data, null, 2)], { type: 'application/json' }));
    const html = URL.createObjectURL(new Blob([bundle.html], { type: 'text/html' }));
    setUrls({ json, html });
    return () => {
      URL.revokeObjectURL(json);
      URL.revokeObjectURL(html);
    };
  }, [bundle]);
  if (!urls) return null;
  const name = `${bundle.subject}-${bundle.id}`;
  const sections = Object.entries(bundle.data).map(([key, value]) => `${key} ${Array.isArray(value) ? value.length : 1}`);
  return (
    <div class="privacy-bundle" role="status">
      <p>
        Export of {bundle.subject} {bundle.id} made {formatDateTime(bundle.generated_at)}: {sections.join(', ')}.
      </p>
      <p>
        <a class="button" href={urls.json} download={`${name}.json`}>
          Download JSON
        </a>{' '}
        <a class="button" href={urls.html} download={`${name}.html`}>
          Download page
        </a>
      </p>
    </div>
  );
}

function ExportPanel({ subject, title }: { subject: 'contacts' | 'users'; title: string }) {
  const [bundle, setBundle] = useState<PrivacyExport | null>(null);
  const form = useForm({
    initial: { id: '' },
    required: ['id'],
    onSubmit: async (values) => setBundle(await exportSubject(subject, Number(values.id))),
  });
  return (
    <Panel title={title}>
      <p class="muted">Everything forgedesk holds about them, as a JSON file and a readable page. The export is recorded in the audit trail.</p>
      <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label={title}>
        <Field form={form} name="id" label={subject === 'contacts' ? 'Contact number' : 'Staff number'} type="number" min={1} />
        <FormFooter form={form} submitLabel="Export" busyLabel="Exporting…" />
      </form>
      {bundle && <BundleLinks bundle={bundle} />}
    </Panel>
  );
}

function ErasurePanel() {
  const [done, setDone] = useState<PrivacyErasure | null>(null);
  const form = useForm({
    initial: { id: '', reason: '', confirm: '' },
    required: ['id', 'reason', 'confirm'],
    onSubmit: async (values) => {
      if (values.confirm.trim().toUpperCase() !== 'ERASE') throw new Error('Type ERASE to confirm.');
      setDone(await eraseContact(Number(values.id), values.reason.trim()));
      form.reset({ id: '', reason: '', confirm: '' });
    },
  });
  return (
    <Panel title="Erase a contact">
      <p class="muted">
        Replaces the contact's name, address and number everywhere (cases, timeline, mail, surveys, the audit trail) and removes their
        survey comments. Counts, scores and SLA figures stay. Refused while a complaint of theirs is open. It cannot be undone.
      </p>
      <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="Erase a contact">
        <Field form={form} name="id" label="Contact number" type="number" min={1} />
        <Field form={form} name="reason" label="Reason" maxLength={500} hint="e.g. the contact's request of 3 March" wide />
        <Field form={form} name="confirm" label="Type ERASE to confirm" />
        <FormFooter form={form} submitLabel="Erase" busyLabel="Erasing…" />
      </form>
      {done && (
        <p role="status">
          Contact {done.contact_id} erased: {Object.values(done.changed).reduce((a, b) => a + b, 0)} records and {done.audit_entries} audit
          entries rewritten.
        </p>
      )}
    </Panel>
  );
}
