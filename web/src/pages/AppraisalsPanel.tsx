// Appraisals (docs/PERFORMANCE-MANAGEMENT.md): a person's appraisal in each
// cycle with its components, their weights and the overall rating (what is
// not rated is left out, not counted as zero); the line manager's ratings and
// the person's own self-assessment; and the cycles HR and CS managers set.

import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useForm } from '../hooks/useForm';
import {
  changeAppraisal,
  createCycle,
  listAppraisals,
  listCycles,
  openAppraisal,
  type Appraisal,
  type AppraisalCycle,
} from '../performance';
import type { SessionUser } from '../records';

const COMPONENT_LABELS: Record<string, string> = { objectives: 'Objectives', kpis: 'KPIs', feedback: 'Feedback', self_assessment: 'Self-assessment' };
const score = (v: string) => (v.trim() === '' ? null : Number(v));
const text = (v: number | null) => (v === null ? '' : String(v));

function RateForm({ a, onChanged }: { a: Appraisal; onChanged: () => void }) {
  const form = useForm({
    initial: { objectives_score: text(a.objectives_score), kpis_score: text(a.kpis_score), feedback_score: text(a.feedback_score), manager_comment: a.manager_comment ?? '', complete: '' },
    onSubmit: async (v) => {
      await changeAppraisal(a, {
        objectives_score: score(v.objectives_score), kpis_score: score(v.kpis_score), feedback_score: score(v.feedback_score),
        manager_comment: v.manager_comment.trim() || null, ...(v.complete === 'yes' && { status: 'completed' }),
      });
      onChanged();
    },
  });
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label={`Rate ${a.cycle_name}`}>
      <Field form={form} name="objectives_score" label="Objectives (0-100)" type="number" min={0} max={100} hint="Blank: not rated, left out" />
      <Field form={form} name="kpis_score" label="KPIs (0-100)" type="number" min={0} max={100} />
      <Field form={form} name="feedback_score" label="Feedback (0-100)" type="number" min={0} max={100} />
      <Field form={form} name="manager_comment" label="Manager's comment" multiline wide />
      <Field form={form} name="complete" label="Complete the appraisal" options={[{ value: '', label: 'Not yet' }, { value: 'yes', label: 'Complete it now (no changes after)' }]} />
      <FormFooter form={form} submitLabel="Save ratings" />
    </form>
  );
}

function SelfForm({ a, onChanged }: { a: Appraisal; onChanged: () => void }) {
  const form = useForm({
    initial: { self_score: text(a.self_score), self_assessment: a.self_assessment ?? '' },
    onSubmit: async (v) => {
      await changeAppraisal(a, { self_score: score(v.self_score), self_assessment: v.self_assessment.trim() || null });
      onChanged();
    },
  });
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label={`Self-assessment for ${a.cycle_name}`}>
      <Field form={form} name="self_score" label="My own score (0-100)" type="number" min={0} max={100} />
      <Field form={form} name="self_assessment" label="My self-assessment" multiline wide />
      <FormFooter form={form} submitLabel="Save my self-assessment" />
    </form>
  );
}

function OpenForm({ personId, cycles, onChanged }: { personId: number; cycles: AppraisalCycle[]; onChanged: () => void }) {
  const form = useForm({
    initial: { cycle_id: '' },
    required: ['cycle_id'],
    onSubmit: async (v) => {
      await openAppraisal({ cycle_id: Number(v.cycle_id), person_id: personId });
      onChanged();
    },
  });
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Open an appraisal">
      <Field form={form} name="cycle_id" label="Cycle" options={cycles.filter((c) => c.status === 'open').map((c) => ({ value: String(c.id), label: c.name }))} emptyOption="Choose a cycle" />
      <FormFooter form={form} submitLabel="Open appraisal" />
    </form>
  );
}

export function AppraisalsPanel({ personId, user }: { personId: number; user: SessionUser }) {
  const appraisals = useAsync(() => listAppraisals(personId), [personId]);
  const cycles = useAsync(() => listCycles(), []);
  const own = personId === user.id;
  return (
    <Panel title="Appraisals">
      <ErrorAlert error={appraisals.error} />
      {appraisals.data?.items.map((a) => (
        <article key={`${a.id}-${a.version}`} class="appraisal" aria-label={`Appraisal ${a.cycle_name}`}>
          <h3>{`${a.cycle_name}: overall ${a.overall ?? 'not rated yet'}${a.status === 'completed' ? ' (completed)' : ''}`}</h3>
          <ul aria-label={`Components of ${a.cycle_name}`}>
            {a.components.map((c) => (
              <li key={c.component}>{`${COMPONENT_LABELS[c.component] ?? c.component}, weight ${c.weight}: ${c.score ?? 'not rated'}${c.used ? '' : ' — left out'}`}</li>
            ))}
          </ul>
          {a.self_assessment && <p>{`Self-assessment: ${a.self_assessment}`}</p>}
          {a.manager_comment && <p>{`${a.manager_name}: ${a.manager_comment}`}</p>}
          {a.status === 'open' && (own ? <SelfForm a={a} onChanged={appraisals.reload} /> : <RateForm a={a} onChanged={appraisals.reload} />)}
        </article>
      ))}
      {appraisals.data && appraisals.data.items.length === 0 && <p class="muted">No appraisals yet.</p>}
      {!own && cycles.data && <OpenForm personId={personId} cycles={cycles.data.items} onChanged={appraisals.reload} />}
    </Panel>
  );
}

const CYCLE_COLUMNS: readonly Column<AppraisalCycle>[] = [
  { header: 'Cycle', cell: (c) => c.name },
  { header: 'Review period', cell: (c) => `${formatDate(c.period_from)} – ${formatDate(c.period_to)}` },
  { header: 'Weights (objectives / KPIs / feedback / self)', cell: (c) => `${c.weight_objectives} / ${c.weight_kpis} / ${c.weight_feedback} / ${c.weight_self}` },
  { header: 'Status', cell: (c) => c.status },
];

/** The cycles, and for HR and CS managers the form to set one. */
export function CyclesPanel({ user }: { user: SessionUser }) {
  const cycles = useAsync(() => listCycles(), []);
  const form = useForm({
    initial: { name: '', period_from: '', period_to: '', weight_objectives: '40', weight_kpis: '30', weight_feedback: '20', weight_self: '10' },
    required: ['name', 'period_from', 'period_to'],
    onSubmit: async (v) => {
      await createCycle({ ...v, weight_objectives: Number(v.weight_objectives), weight_kpis: Number(v.weight_kpis), weight_feedback: Number(v.weight_feedback), weight_self: Number(v.weight_self) });
      form.reset({ ...v, name: '' });
      cycles.reload();
    },
  });
  return (
    <Panel title="Appraisal cycles">
      <ErrorAlert error={cycles.error} />
      {cycles.data && <DataTable caption="Appraisal cycles" columns={CYCLE_COLUMNS} rows={cycles.data.items} rowKey={(c) => c.id} />}
      {cycles.data && cycles.data.items.length === 0 && <p class="muted">No cycles yet.</p>}
      {(user.role === 'hr' || user.role === 'cs_manager') && (
        <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="New appraisal cycle">
          <Field form={form} name="name" label="Name" />
          <Field form={form} name="period_from" label="Review period from" type="date" />
          <Field form={form} name="period_to" label="Review period to" type="date" />
          <Field form={form} name="weight_objectives" label="Weight of objectives" type="number" min={0} max={100} />
          <Field form={form} name="weight_kpis" label="Weight of KPIs" type="number" min={0} max={100} />
          <Field form={form} name="weight_feedback" label="Weight of feedback" type="number" min={0} max={100} />
          <Field form={form} name="weight_self" label="Weight of self-assessment" type="number" min={0} max={100} />
          <FormFooter form={form} submitLabel="Set cycle" />
        </form>
      )}
    </Panel>
  );
}
