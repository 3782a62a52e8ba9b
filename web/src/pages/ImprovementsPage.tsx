// PDCA improvement initiatives: the list with a form to start one, and one
// initiative with its problem, plan, what was done, the check forgedesk
// measured (the KPI before and after) and the moves its stage allows.

import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { ListFooter } from '../components/ListFooter';
import { Panel } from '../components/Panel';
import { formatDate, formatMoney } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import type { SessionUser } from '../records';
import {
  canWorkRetention,
  createImprovement,
  getImprovement,
  IMPROVEMENT_STAGES,
  KPIS,
  labelOf,
  listImprovements,
  moveImprovement,
  NEXT_STAGES,
  PROBLEM_KINDS,
  updateImprovement,
  type Improvement,
  type ImprovementInput,
  type ImprovementStage,
  type KpiPeriod,
} from '../retention';
import { href, navigate } from '../router';

const BACK = { label: 'Improvements', path: '/retention/improvements' };
const failureOf = (failure: unknown) => (failure instanceof ApiError ? failure : new Error(String(failure)));

const COLUMNS: readonly Column<Improvement>[] = [
  { header: 'Initiative', cell: (i) => <a href={href(`/retention/improvements/${i.id}`)}>{i.title}</a> },
  { header: 'Stage', cell: (i) => labelOf(IMPROVEMENT_STAGES, i.stage) },
  { header: 'Problem', cell: (i) => `${labelOf(PROBLEM_KINDS, i.problem_kind)}: ${i.problem_ref ?? ''}` },
  { header: 'KPI', cell: (i) => labelOf(KPIS, i.kpi) },
  { header: 'Improved', cell: (i) => (i.check_result?.improved == null ? '–' : i.check_result.improved ? 'Yes' : 'No') },
  { header: 'Owner', cell: (i) => i.owner_name },
];

type Draft = Record<'title' | 'problem' | 'problem_kind' | 'problem_ref' | 'kpi' | 'before_from' | 'before_to' | 'after_from' | 'after_to' | 'plan', string>;

function TextInput({ draft, name, label, type = 'text', set }: { draft: Draft; name: keyof Draft; label: string; type?: 'text' | 'date'; set: (name: keyof Draft, value: string) => void }) {
  const id = `improvement-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {type === 'date' ? (
        <input id={id} type="date" value={draft[name]} onInput={(e) => set(name, e.currentTarget.value)} />
      ) : (
        <input id={id} type="text" value={draft[name]} onInput={(e) => set(name, e.currentTarget.value)} />
      )}
    </div>
  );
}

function NewImprovementForm() {
  const [draft, setDraft] = useState<Draft>({ title: '', problem: '', problem_kind: 'root_cause', problem_ref: '', kpi: 'complaints', before_from: '', before_to: '', after_from: '', after_to: '', plan: '' });
  const [error, setError] = useState<Error | null>(null);
  const set = (name: keyof Draft, value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const submit = (event: Event) => {
    event.preventDefault();
    const input = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v.trim() === '' ? null : v.trim()])) as ImprovementInput;
    createImprovement(input).then((created) => navigate(`/retention/improvements/${created.id}`), (f: unknown) => setError(failureOf(f)));
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.errors.find((e) => e.field === name)?.message : undefined);
  return (
    <form class="form-grid" aria-label="New improvement initiative" onSubmit={submit}>
      <TextInput draft={draft} name="title" label="Title" set={set} />
      <TextInput draft={draft} name="problem" label="Problem" set={set} />
      <div class="field">
        <label for="improvement-problem_kind">Problem is about</label>
        <select id="improvement-problem_kind" value={draft.problem_kind} onChange={(e) => set('problem_kind', e.currentTarget.value)}>
          {PROBLEM_KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </select>
      </div>
      <TextInput draft={draft} name="problem_ref" label="Category, theme or KPI" set={set} />
      <div class="field">
        <label for="improvement-kpi">KPI that checks it</label>
        <select id="improvement-kpi" value={draft.kpi} onChange={(e) => set('kpi', e.currentTarget.value)}>
          {KPIS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </select>
      </div>
      <TextInput draft={draft} name="plan" label="Plan" set={set} />
      <TextInput draft={draft} name="before_from" label="Before: from" type="date" set={set} />
      <TextInput draft={draft} name="before_to" label="Before: to" type="date" set={set} />
      <TextInput draft={draft} name="after_from" label="After: from" type="date" set={set} />
      <TextInput draft={draft} name="after_to" label="After: to" type="date" set={set} />
      <div class="form-footer">
        {error instanceof ApiError && error.errors.length > 0 && (
          <ul class="field-error" role="alert">
            {error.errors.map((e) => <li key={e.field}>{`${e.field}: ${fieldError(e.field)}`}</li>)}
          </ul>
        )}
        {!(error instanceof ApiError && error.errors.length > 0) && <ErrorAlert error={error} />}
        <button type="submit" class="button button--primary">Start initiative</button>
      </div>
    </form>
  );
}

export function ImprovementsPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Improvements');
  const items = usePagedList(listImprovements, []);
  const [adding, setAdding] = useState(false);
  return (
    <div class="page">
      <Breadcrumb label="Retention" path="/retention" />
      <div class="page-header">
        <h1>Improvements</h1>
        {canWorkRetention(user.role) && !adding && (
          <button type="button" class="button button--primary page-header-end" onClick={() => setAdding(true)}>New initiative</button>
        )}
      </div>
      {adding && <Panel title="New initiative"><NewImprovementForm /></Panel>}
      <DataTable caption="Improvement initiatives" columns={COLUMNS} rows={items.items} rowKey={(i) => i.id} />
      <ListFooter list={items} emptyText="No improvement initiative yet." />
    </div>
  );
}

function kpiValue(item: Improvement, period: KpiPeriod): string {
  if (period.value === null) return 'nothing decided';
  const unit = item.check_result?.unit;
  return unit === 'minor' ? formatMoney(period.value) : unit === 'percent' ? `${period.value} %` : String(period.value);
}

const MOVE_LABELS: Record<ImprovementStage, string> = { plan: 'Back to plan', do: 'Do', check: 'Check', standardised: 'Standardise', abandoned: 'Abandon' };

export function ImprovementPage({ improvementId, user }: { improvementId: number; user: SessionUser }) {
  const item = useAsync(() => getImprovement(improvementId), [improvementId]);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useDocumentTitle(item.data?.title ?? 'Improvement');
  if (!item.data) return <RecordPending back={BACK} loading={item.loading} error={item.error} missing="There is no such initiative." />;
  const i = item.data;
  const mayWork = canWorkRetention(user.role);
  const move = (stage: ImprovementStage) => moveImprovement(i.id, stage, note.trim() || null).then((saved) => { item.setData(saved); setError(null); }, (f: unknown) => setError(failureOf(f)));
  const saveDone = () => updateImprovement(i, { done }).then((saved) => { item.setData(saved); setDone(null); }, (f: unknown) => setError(failureOf(f)));
  const rows: [string, string][] = [
    ['Stage', labelOf(IMPROVEMENT_STAGES, i.stage)],
    ['Problem', `${i.problem} (${labelOf(PROBLEM_KINDS, i.problem_kind)}: ${i.problem_ref ?? ''})`],
    ['Plan', i.plan ?? ''],
    ['Done', i.done ?? ''],
    ['KPI', `${labelOf(KPIS, i.kpi)}${i.kpi_category ? ` (${i.kpi_category})` : ''}`],
    ['Before', `${formatDate(i.before_from)} – ${formatDate(i.before_to)}`],
    ['After', `${formatDate(i.after_from)} – ${formatDate(i.after_to)}`],
    ['Act', i.act_note ?? ''],
  ];
  const c = i.check_result;
  return (
    <div class="page">
      <Breadcrumb {...BACK} />
      <h1>{i.title}</h1>
      <Panel title="Plan, do, check, act">
        <dl class="details">
          {rows.map(([label, value]) => (
            <div class="details-row" key={label}><dt>{label}</dt><dd>{value}</dd></div>
          ))}
        </dl>
      </Panel>
      {c && (
        <Panel title="Check">
          <p aria-label="Check result">
            {`${labelOf(KPIS, c.kpi)}${c.category ? ` (${c.category})` : ''}: ${kpiValue(i, c.before)} before (${c.before.count}), ${kpiValue(i, c.after)} after (${c.after.count}) — ${c.improved === null ? 'not comparable' : c.improved ? 'improved' : 'not improved'} (${c.lower_is_better ? 'lower' : 'higher'} is better). Measured by forgedesk ${formatDate(i.checked_at?.slice(0, 10))}.`}
          </p>
        </Panel>
      )}
      {mayWork && NEXT_STAGES[i.stage].length > 0 && (
        <Panel title="Next step">
          {i.stage !== 'check' && (
            <div class="field">
              <label for="improvement-done">What was done</label>
              <textarea id="improvement-done" value={done ?? i.done ?? ''} onInput={(e) => setDone(e.currentTarget.value)} />
              {done !== null && <button type="button" class="button button--small" onClick={saveDone}>Save what was done</button>}
            </div>
          )}
          <div class="field">
            <label for="improvement-note">Act note (why standardise or abandon)</label>
            <textarea id="improvement-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
          <div class="button-row">
            {NEXT_STAGES[i.stage].map((stage) => (
              <button key={stage} type="button" class="button" onClick={() => void move(stage)}>{MOVE_LABELS[stage]}</button>
            ))}
          </div>
          <ErrorAlert error={error} />
        </Panel>
      )}
    </div>
  );
}
