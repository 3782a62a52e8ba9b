// One person's performance: the scorecard (each KPI against its standard,
// with its trend as a chart and a table), their objectives with the SMART
// check saying which letter fails and why, the objective editor, their
// one-to-ones (GROW, agreed actions) with the form their manager records
// them in, the feedback they were given with the box to give more, and
// their appraisals, and any underperformance case as its timeline of stages,
// each linking to its own page (the form to open one for their manager).

import { useEffect, useMemo, useState } from 'preact/hooks';
import { Chart, type ChartOption } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { blankToNull, formatDate, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { saveAndShow } from '../versionedSave';
import {
  checkObjective,
  createObjective,
  createOneToOne,
  FEEDBACK_KINDS,
  getOneToOne,
  getScorecard,
  givePerformanceFeedback,
  KPI_LABELS,
  listObjectives,
  listOneToOnes,
  listPerformanceCases,
  listPerformanceFeedback,
  openPerformanceCase,
  saveOwnPreparation,
  SMART_LABELS,
  type Objective,
  type OneToOne,
  type ScorecardLine,
} from '../performance';
import type { SessionUser } from '../records';
import { href, navigate } from '../router';
import { AppraisalsPanel } from './AppraisalsPanel';

const show = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

const SCORECARD_COLUMNS: readonly Column<ScorecardLine>[] = [
  { header: 'KPI', cell: (l) => KPI_LABELS[l.kpi] ?? l.kpi },
  { header: 'Current', cell: (l) => show(l.current), align: 'numeric' },
  { header: 'Standard', cell: (l) => (l.standard ? `${l.higher_is_better ? '≥' : '≤'} ${l.standard.target}` : 'none'), align: 'numeric' },
  { header: 'Against standard', cell: (l) => (l.meets === true ? 'meets' : l.meets === false ? 'below' : '—') },
  { header: 'Periods below', cell: (l) => (l.standard ? show(l.periods_below) : '—'), align: 'numeric' },
  { header: 'Trend', cell: (l) => l.trend.map((t) => show(t.value)).join(' → ') },
];

function trendOption(line: ScorecardLine): ChartOption {
  const series: NonNullable<ChartOption['series']> = [{ name: KPI_LABELS[line.kpi] ?? line.kpi, type: 'line', data: line.trend.map((t) => t.value) }];
  if (line.standard) series.push({ name: 'Standard', type: 'line', data: line.trend.map(() => line.standard?.target ?? null), lineStyle: { type: 'dashed' } });
  return {
    grid: { left: 48, right: 24, top: 48, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: line.trend.map((t) => t.period) },
    yAxis: { type: 'value', name: line.unit },
    series,
  };
}

function ScorecardPanel({ personId }: { personId: number }) {
  const card = useAsync(() => getScorecard(personId), [personId]);
  const [kpi, setKpi] = useState('sla_compliance');
  const line = card.data?.kpis.find((l) => l.kpi === kpi);
  const option = useMemo(() => (line ? trendOption(line) : null), [line]);
  return (
    <Panel title="Scorecard">
      <ErrorAlert error={card.error} />
      {card.data && (
        <>
          <label>
            {'KPI shown '}
            <select value={kpi} onInput={(e) => setKpi(e.currentTarget.value)} aria-label="KPI shown">
              {card.data.kpis.map((l) => (
                <option key={l.kpi} value={l.kpi}>
                  {KPI_LABELS[l.kpi] ?? l.kpi}
                </option>
              ))}
            </select>
          </label>
          {option && <Chart option={option} label={`${KPI_LABELS[kpi] ?? kpi} against its standard`} height="16rem" />}
          <DataTable caption={`Scorecard of ${card.data.person_name}`} columns={SCORECARD_COLUMNS} rows={card.data.kpis} rowKey={(l) => l.kpi} rowClass={(l) => (l.signal ? 'row--bad' : undefined)} />
        </>
      )}
    </Panel>
  );
}

function SmartCheck({ smart, label }: { smart: Objective['smart']; label: string }) {
  return (
    <ul class="smart-check" aria-label={label}>
      {smart.letters.map((l) => (
        <li key={l.letter} class={l.holds ? 'ok' : 'bad'}>
          {`${SMART_LABELS[l.letter] ?? l.letter}: ${l.holds ? 'holds' : `fails — ${l.why ?? ''}`}`}
        </li>
      ))}
    </ul>
  );
}

interface ObjectiveValues {
  title: string;
  description: string;
  metric: string;
  baseline: string;
  target: string;
  deadline: string;
  parent_id: string;
}

/** A personal objective of personId from the editor's values. */
function objectiveOf(v: ObjectiveValues, personId: number): Partial<Objective> {
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  return {
    level: 'personal',
    owner_id: personId,
    title: v.title.trim(),
    description: blankToNull(v.description),
    metric: blankToNull(v.metric),
    baseline: num(v.baseline),
    target: num(v.target),
    deadline: blankToNull(v.deadline),
    parent_id: num(v.parent_id),
  };
}

function ObjectivesPanel({ personId }: { personId: number }) {
  const objectives = useAsync(() => listObjectives(personId), [personId]);
  const shared = useAsync(() => listObjectives(), []);
  const parents = (shared.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.title }));
  const form = useForm({
    initial: { title: '', description: '', metric: '', baseline: '', target: '', deadline: '', parent_id: '' },
    required: ['title'],
    onSubmit: async (v) => {
      await createObjective(objectiveOf(v, personId));
      form.reset({ ...v, title: '', description: '' });
      objectives.reload();
    },
  });
  // The live check: asked again a moment after each change, saving nothing.
  const [live, setLive] = useState<Objective['smart'] | null>(null);
  const draft = JSON.stringify(objectiveOf(form.values, personId));
  useEffect(() => {
    const timer = setTimeout(() => {
      checkObjective(JSON.parse(draft) as Partial<Objective>).then(setLive, () => setLive(null));
    }, 300);
    return () => clearTimeout(timer);
  }, [draft]);
  return (
    <Panel title="Objectives">
      <ErrorAlert error={objectives.error} />
      {objectives.data?.items.map((o) => (
        <article key={o.id} class="objective">
          <h3>{`${o.title} (${o.status}${o.smart.holds ? ', SMART' : ', not yet SMART'})`}</h3>
          {o.description && <p>{o.description}</p>}
          <p class="muted">
            {`${o.metric ?? 'no metric'}: ${show(o.baseline)} → ${show(o.target)}, by ${o.deadline ? formatDate(o.deadline) : 'no deadline'}`}
            {o.progress && ` — now ${o.progress.current.toFixed(1)}, ${Math.round(o.progress.share * 100)}% of the way`}
          </p>
          <SmartCheck smart={o.smart} label={`SMART check of ${o.title}`} />
        </article>
      ))}
      <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="New objective">
        <Field form={form} name="title" label="Title" maxLength={200} wide />
        <Field form={form} name="description" label="Outcome" multiline wide hint="What will be different, concretely" />
        <Field form={form} name="metric" label="Metric" suggestions={Object.keys(KPI_LABELS)} hint="A KPI name reads progress from the KPIs" />
        <Field form={form} name="baseline" label="Baseline" type="number" />
        <Field form={form} name="target" label="Target" type="number" />
        <Field form={form} name="deadline" label="Deadline" type="date" />
        <Field form={form} name="parent_id" label="Serves" options={parents} emptyOption="(no linked objective)" />
        {live && <SmartCheck smart={live} label="SMART check of the new objective" />}
        <FormFooter form={form} submitLabel="Save objective" />
      </form>
    </Panel>
  );
}

function OneToOnesPanel({ personId, user }: { personId: number; user: SessionUser }) {
  const meetings = useAsync(() => listOneToOnes(personId), [personId]);
  const form = useForm({
    initial: { held_on: todayIsoDate(), manager_preparation: '', goal: '', reality: '', options: '', way_forward: '', action: '', action_due: '' },
    required: ['held_on'],
    onSubmit: async (v) => {
      await createOneToOne({
        person_id: personId,
        held_on: v.held_on,
        manager_preparation: blankToNull(v.manager_preparation),
        goal: blankToNull(v.goal),
        reality: blankToNull(v.reality),
        options: blankToNull(v.options),
        way_forward: blankToNull(v.way_forward),
        actions: v.action.trim() ? [{ title: v.action.trim(), owner_id: personId, due_on: v.action_due, done: false }] : [],
      });
      form.reset({ ...v, goal: '', reality: '', options: '', way_forward: '', action: '' });
      meetings.reload();
    },
  });
  return (
    <Panel title="One-to-ones">
      <ErrorAlert error={meetings.error} />
      {meetings.data?.items.map((m) => (
        <article key={m.id} class="one-to-one">
          <h3>{`${formatDate(m.held_on)} with ${m.manager_name}`}</h3>
          <dl>
            {user.id !== personId && m.person_preparation && (<><dt>Their preparation</dt><dd>{m.person_preparation}</dd></>)}
            {m.manager_preparation && (<><dt>Manager's preparation</dt><dd>{m.manager_preparation}</dd></>)}
            <dt>Goal</dt><dd>{m.goal ?? '—'}</dd>
            <dt>Reality</dt><dd>{m.reality ?? '—'}</dd>
            <dt>Options</dt><dd>{m.options ?? '—'}</dd>
            <dt>Way forward</dt><dd>{m.way_forward ?? '—'}</dd>
          </dl>
          {user.id === personId && <OwnPreparation meeting={m} onSaved={meetings.reload} />}
          <ul aria-label="Agreed actions">
            {m.actions.map((a, i) => (
              <li key={i}>{`${a.done ? '✓' : '○'} ${a.title}, due ${formatDate(a.due_on)}`}</li>
            ))}
          </ul>
        </article>
      ))}
      {meetings.data && meetings.data.items.length === 0 && <p class="muted">No one-to-ones recorded yet.</p>}
      {user.id !== personId && (
        <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Record a one-to-one">
          <Field form={form} name="held_on" label="Held on" type="date" />
          <Field form={form} name="manager_preparation" label="My preparation" multiline wide />
          <Field form={form} name="goal" label="Goal" multiline wide />
          <Field form={form} name="reality" label="Reality" multiline wide />
          <Field form={form} name="options" label="Options" multiline wide />
          <Field form={form} name="way_forward" label="Way forward" multiline wide />
          <Field form={form} name="action" label="Agreed action (theirs)" />
          <Field form={form} name="action_due" label="Action due" type="date" />
          <FormFooter form={form} submitLabel="Record one-to-one" />
        </form>
      )}
    </Panel>
  );
}

/** The person writes (and rewrites) their own preparation for a one-to-one. */
function OwnPreparation({ meeting, onSaved }: { meeting: OneToOne; onSaved: () => void }) {
  const [current, setCurrent] = useState(meeting);
  const form = useForm({
    initial: { person_preparation: meeting.person_preparation ?? '' },
    onSubmit: (v) =>
      saveAndShow({
        save: () => saveOwnPreparation(current, blankToNull(v.person_preparation)),
        load: () => getOneToOne(current.id),
        show: (latest) => {
          setCurrent(latest);
          onSaved();
        },
        staleMessage: 'Your manager changed this one-to-one meanwhile; it is shown as it now is. Save again.',
      }),
  });
  return (
    <form class="form" onSubmit={form.handleSubmit} aria-label={`My preparation for ${formatDate(meeting.held_on)}`}>
      <Field form={form} name="person_preparation" label="My preparation" multiline wide hint="What you want to talk about; your manager sees it" />
      <FormFooter form={form} submitLabel="Save my preparation" />
    </form>
  );
}

function FeedbackPanel({ personId, user }: { personId: number; user: SessionUser }) {
  const feedback = useAsync(() => listPerformanceFeedback(personId), [personId]);
  // The server refuses behaviour that is vague or about personality, with a suggestion shown on the field.
  const form = useForm({
    initial: { kind: 'development', given_on: todayIsoDate(), situation: '', behaviour: '', impact: '' },
    required: ['kind', 'given_on', 'situation', 'behaviour', 'impact'],
    onSubmit: async (v) => {
      await givePerformanceFeedback({ person_id: personId, kind: v.kind, given_on: v.given_on, situation: v.situation.trim(), behaviour: v.behaviour.trim(), impact: v.impact.trim() });
      form.reset({ ...v, situation: '', behaviour: '', impact: '' });
      feedback.reload();
    },
  });
  return (
    <Panel title="Feedback">
      <ErrorAlert error={feedback.error} />
      <ul>
        {feedback.data?.items.map((f) => (
          <li key={f.id}>{`${formatDate(f.given_on)}, ${f.kind}, from ${f.author_name}: in ${f.situation}, ${f.behaviour}; impact: ${f.impact}`}</li>
        ))}
      </ul>
      {feedback.data && feedback.data.items.length === 0 && <p class="muted">No feedback recorded yet.</p>}
      {user.id !== personId && (
        <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Give feedback">
          <Field form={form} name="kind" label="Kind" options={FEEDBACK_KINDS} />
          <Field form={form} name="given_on" label="Date" type="date" />
          <Field form={form} name="situation" label="Situation" multiline wide hint="When and where" />
          <Field form={form} name="behaviour" label="Behaviour" multiline wide hint="What they said or did, as you observed it" />
          <Field form={form} name="impact" label="Impact" multiline wide hint="What it led to" />
          <FormFooter form={form} submitLabel="Give feedback" />
        </form>
      )}
    </Panel>
  );
}

const label = (name: string) => name.replaceAll('_', ' ');

/** Opening a case: its type, the concern, and (optionally now) a first piece of evidence, then its own page. */
function OpenCaseForm({ personId }: { personId: number }) {
  const form = useForm({
    initial: { kind: 'capability', concern: '' },
    required: ['kind', 'concern'],
    onSubmit: async (v) => {
      const c = await openPerformanceCase({ person_id: personId, kind: v.kind as 'capability' | 'conduct', concern: v.concern.trim() });
      navigate(`/performance/cases/${c.id}`);
    },
  });
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Open a case">
      <Field form={form} name="kind" label="Type" options={[{ value: 'capability', label: 'Capability' }, { value: 'conduct', label: 'Conduct' }]} />
      <Field form={form} name="concern" label="The concern" multiline wide hint="What falls short of the standard, in facts" />
      <FormFooter form={form} submitLabel="Open case" />
    </form>
  );
}

/** Each case as its timeline of recorded stages, linking to the case's own page and its forms. */
function CasesPanel({ personId, user }: { personId: number; user: SessionUser }) {
  const cases = useAsync(() => listPerformanceCases(personId), [personId]);
  const manage = personId !== user.id;
  if (!manage && !cases.error && (!cases.data || cases.data.items.length === 0)) return null;
  return (
    <Panel title="Underperformance cases">
      <ErrorAlert error={cases.error} />
      {cases.data?.items.map((c) => (
        <article key={c.id} class="performance-case">
          <h3>
            <a href={href(`/performance/cases/${c.id}`)}>{`${c.kind === 'conduct' ? 'Conduct' : 'Capability'}: ${c.concern}`}</a>
            {` (now: ${label(c.stage)})`}
          </h3>
          <p class="muted">{`Evidence: ${c.evidence.map((e) => `${label(e.kind)} — ${e.note}`).join('; ')}`}</p>
          <ol aria-label={`Stages of case ${c.id}`}>
            {c.stages.map((s, i) => (
              <li key={i}>
                {`${formatDate(s.on)}: ${label(s.stage)}${s.outcome ? ` — ${label(s.outcome)}` : ''}${s.plan_ends_on ? `, until ${formatDate(s.plan_ends_on)}` : ''}${s.companion ? `, accompanied by ${s.companion}` : ''}${s.skip_informal_reason ? ` (informal stage skipped: ${s.skip_informal_reason})` : ''}${s.notes ? `. ${s.notes}` : ''}`}
              </li>
            ))}
          </ol>
        </article>
      ))}
      {manage && !cases.error && <OpenCaseForm personId={personId} />}
    </Panel>
  );
}

export function PersonPerformancePage({ personId, user }: { personId: number; user: SessionUser }) {
  useDocumentTitle('Performance');
  return (
    <div class="page">
      <h1>{personId === user.id ? 'My performance' : 'Performance'}</h1>
      <ScorecardPanel personId={personId} />
      <ObjectivesPanel personId={personId} />
      <OneToOnesPanel personId={personId} user={user} />
      <FeedbackPanel personId={personId} user={user} />
      <AppraisalsPanel personId={personId} user={user} />
      <CasesPanel personId={personId} user={user} />
    </div>
  );
}
