// Qualitative feedback records (focus groups, site visits, mystery shopping,
// free comments), newest first, each with its themes; those who work cases
// record new ones with the form on top.

import { useState } from 'preact/hooks';
import { DataTable, type Column } from '../components/DataTable';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { ListFooter } from '../components/ListFooter';
import { Panel } from '../components/Panel';
import { formatDate, todayIsoDate } from '../format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { usePagedList } from '../hooks/usePagedList';
import { labelFor, type SessionUser } from '../records';
import { href } from '../router';
import { canWriteFeedback, createFeedback, FEEDBACK_KINDS, listFeedback, type FeedbackRecord } from '../surveys';

const COLUMNS: readonly Column<FeedbackRecord>[] = [
  { header: 'Date', cell: (f) => formatDate(f.occurred_on) },
  { header: 'Kind', cell: (f) => labelFor(FEEDBACK_KINDS, f.kind) },
  { header: 'Title', cell: (f) => f.title },
  { header: 'Account', cell: (f) => (f.account_id ? <a href={href(`/accounts/${f.account_id}`)}>{f.account_name}</a> : '') },
  { header: 'Themes', cell: (f) => f.themes.join(', ') },
  { header: 'Summary', cell: (f) => f.summary },
];

export function FeedbackPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Feedback');
  const [revision, setRevision] = useState(0);
  const records = usePagedList((after) => listFeedback(after), [revision]);
  const form = useForm({
    initial: { kind: 'site_visit', occurred_on: todayIsoDate(), title: '', summary: '', themes: '' },
    required: ['kind', 'occurred_on', 'title', 'summary', 'themes'],
    onSubmit: async (values) => {
      await createFeedback({
        kind: values.kind,
        occurred_on: values.occurred_on,
        title: values.title.trim(),
        summary: values.summary.trim(),
        themes: values.themes.split(',').map((t) => t.trim().toLowerCase().replace(/\s+/g, '_')).filter(Boolean),
      });
      form.reset({ ...values, title: '', summary: '', themes: '' });
      setRevision((n) => n + 1);
    },
  });
  return (
    <div class="page">
      <h1>Feedback</h1>
      {canWriteFeedback(user.role) && (
        <Panel title="Record feedback">
          <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Record feedback">
            <Field form={form} name="kind" label="Kind" options={FEEDBACK_KINDS} />
            <Field form={form} name="occurred_on" label="Date" type="date" />
            <Field form={form} name="title" label="Title" maxLength={200} wide />
            <Field form={form} name="summary" label="What was said" multiline wide />
            <Field form={form} name="themes" label="Themes" hint="Comma-separated, e.g. delivery, quality" wide />
            <FormFooter form={form} submitLabel="Record" />
          </form>
        </Panel>
      )}
      <DataTable caption="Feedback records" columns={COLUMNS} rows={records.items} rowKey={(f) => f.id} />
      <ListFooter list={records} emptyText="No feedback recorded yet." />
    </div>
  );
}
