// The signed-in user's follow-up tasks, soonest due first, open ones by
// default (the status filter is kept in the URL). Each open task can be
// finished with its outcome, or cancelled, in place; a stale save (412)
// reloads the task and says so.

import { useId, useState } from 'preact/hooks';
import { Badge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { Field, SelectOptions } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { ListFooter } from '../components/ListFooter';
import { formatDate, todayIsoDate } from '../format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { usePagedList } from '../hooks/usePagedList';
import { labelFor, type SessionUser } from '../records';
import { href, navigate } from '../router';
import { canWriteTasks, getTask, listTasks, TASK_KINDS, TASK_STATUSES, updateTask, type Task } from '../tasks';
import { saveVersioned } from '../versionedSave';

const STALE_MESSAGE = 'Someone else changed this task meanwhile. It now shows their version: try again.';
const ENDINGS = [
  { value: 'done', label: 'Done' },
  { value: 'cancelled', label: 'Cancelled' },
] as const;

export function MyTasksPage({ user, query }: { user: SessionUser; query: URLSearchParams }) {
  useDocumentTitle('My tasks');
  const status = query.get('status') ?? 'open';
  const [revision, setRevision] = useState(0);
  const tasks = usePagedList((after) => listTasks({ owner_id: String(user.id), status }, after), [user.id, status, revision]);
  const statusId = useId();
  const [finishing, setFinishing] = useState<number | null>(null);
  const today = todayIsoDate();
  const canWrite = canWriteTasks(user.role);

  const columns: readonly Column<Task>[] = [
    { header: 'Task', cell: (task) => task.title },
    { header: 'Kind', cell: (task) => labelFor(TASK_KINDS, task.kind) },
    { header: 'Account', cell: (task) => <a href={href(`/accounts/${task.account_id}`)}>{task.account_name}</a> },
    {
      header: 'Follows',
      cell: (task) => (task.case_id ? <a href={href(`/cases/${task.case_id}`)}>{`Case ${task.case_id}`}</a> : task.survey_response_id ? `Survey answer ${task.survey_response_id}` : ''),
    },
    {
      header: 'Due',
      cell: (task) => (
        <span class={task.status === 'open' && task.due_on < today ? 'overdue' : undefined}>
          <time dateTime={task.due_on}>{formatDate(task.due_on)}</time>
          {task.status === 'open' && task.due_on < today && <Badge tone="bad">Overdue</Badge>}
        </span>
      ),
    },
    {
      header: 'Status',
      cell: (task) =>
        task.status === 'open' && canWrite ? (
          finishing === task.id ? (
            <FinishForm task={task} onDone={() => { setFinishing(null); setRevision((n) => n + 1); }} onCancel={() => setFinishing(null)} />
          ) : (
            <button type="button" class="button button--small" onClick={() => setFinishing(task.id)}>
              Record outcome
            </button>
          )
        ) : (
          <span>
            {labelFor(TASK_STATUSES, task.status)}
            {task.outcome && <span class="muted small">{` — ${task.outcome}`}</span>}
          </span>
        ),
    },
  ];

  return (
    <div class="page">
      <h1>My tasks</h1>
      <form class="filter-bar" role="search" aria-label="Filter tasks" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for={statusId}>Status</label>
          <select id={statusId} value={status} onInput={(event) => navigate('/tasks/mine', { query: { status: event.currentTarget.value }, replace: true })}>
            <SelectOptions options={TASK_STATUSES} />
          </select>
        </div>
      </form>
      <DataTable caption="My tasks" columns={columns} rows={tasks.items} rowKey={(task) => task.id} />
      <ListFooter list={tasks} emptyText="You have no tasks with this status." />
    </div>
  );
}

/** Ends a task as done (with its outcome, which the server requires) or cancelled. */
function FinishForm({ task, onDone, onCancel }: { task: Task; onDone: () => void; onCancel: () => void }) {
  const form = useForm({
    initial: { status: 'done', outcome: '' },
    required: ['outcome'],
    onSubmit: async (values) => {
      await saveVersioned({
        save: () => updateTask(task, { status: values.status as Task['status'], outcome: values.outcome.trim() }),
        load: () => getTask(task.id),
        onReloaded: onDone,
        staleMessage: STALE_MESSAGE,
      });
      onDone();
    },
  });
  return (
    <form class="form form--inline" onSubmit={form.handleSubmit} aria-label={`Outcome of ${task.title}`}>
      <Field form={form} name="status" label="Ending" options={ENDINGS} />
      <Field form={form} name="outcome" label="Outcome" maxLength={4000} />
      <FormFooter form={form} submitLabel="Save outcome" onCancel={onCancel} />
    </form>
  );
}
