// One underperformance case (docs/PERFORMANCE-MANAGEMENT.md) as a staged
// timeline: the concern, the objective evidence and the causes considered
// (each editable by the line manager or HR), the stages recorded so far, the
// form for the next stage with what that stage still needs — the server's
// own rules, and its reason when it refuses — the confirmation letters, drafts
// editable until issued, and the evidence pack, plain or anonymised.

import { useState } from 'preact/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { CheckboxField, Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { blankToNull, formatDate, formatDateTime, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import {
  CAUSES,
  changePerformanceCase,
  editLetter,
  evidencePackUrl,
  getPerformanceCase,
  issueLetter,
  listCaseLetters,
  listObjectives,
  recordCaseStage,
  type PerformanceCase,
  type PerformanceCaseStage,
  type PerformanceLetter,
} from '../performance';
import type { SessionUser } from '../records';
import { href } from '../router';

const label = (name: string) => name.replaceAll('_', ' ');
const capitalised = (name: string) => label(name).replace(/^./, (c) => c.toUpperCase());

const EVIDENCE_KINDS = [
  { value: 'kpi', label: 'KPI result for a period' },
  { value: 'qa_review', label: 'QA review' },
  { value: 'customer_feedback', label: 'Customer feedback (survey answer)' },
  { value: 'complaint', label: 'Complaint' },
  { value: 'observation', label: 'Observation' },
];
const OUTCOMES = ['improved_closed', 'extended', 'first_written_warning', 'final_written_warning', 'redeployment', 'dismissal'].map((value) => ({ value, label: capitalised(value) }));
const APPEAL_RESULTS = ['upheld', 'overturned', 'varied'].map((value) => ({ value, label: capitalised(value) }));

function StageLine({ s }: { s: PerformanceCaseStage }) {
  const facts = [
    s.notice_on && `written notice ${formatDate(s.notice_on)}`,
    s.companion_offered !== undefined && `right to be accompanied ${s.companion_offered ? 'offered' : 'not offered'}`,
    s.companion && `accompanied by ${s.companion}`,
    s.skip_informal_reason && `informal stage skipped: ${s.skip_informal_reason}`,
    s.plan_ends_on && `improvement period until ${formatDate(s.plan_ends_on)}`,
    s.milestones?.length && `milestones: ${s.milestones.map((m) => `${m.title} by ${formatDate(m.due_on)}`).join('; ')}`,
    s.support?.length && `support: ${s.support.join('; ')}`,
    s.review_dates?.length && `reviews: ${s.review_dates.map(formatDate).join(', ')}`,
    s.outcome && `outcome: ${label(s.outcome)}`,
    s.appeal_result && `appeal ${s.appeal_result}`,
    s.response && `their response: ${s.response}`,
    s.notes,
  ].filter(Boolean);
  return (
    <li>
      <strong>{`${formatDate(s.on)}: ${capitalised(s.stage)}`}</strong>
      {facts.length > 0 && <span>{` — ${facts.join('. ')}`}</span>}
    </li>
  );
}

const STAGE_FIELDS = {
  stage: '', on: todayIsoDate(), notes: '', skip_informal_reason: '', notice_on: '', companion_offered: '', companion: '', response: '',
  plan_ends_on: '', objective_id: '', milestones: '', support: '', review_dates: '', outcome: '', serious_impact_reason: '',
  exceptional_reason: '', appeal_result: '',
};
type StageValues = typeof STAGE_FIELDS;

/** "2026-05-31 SLA compliance 80%" per line → milestones. */
const milestonesOf = (text: string) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => ({ due_on: l.slice(0, 10), title: l.slice(10).trim() }));
const linesOf = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function stageBody(v: StageValues): Partial<PerformanceCaseStage> {
  const text = (s: string) => blankToNull(s) ?? undefined;
  const body: Partial<PerformanceCaseStage> = { stage: v.stage, on: v.on, notes: text(v.notes), skip_informal_reason: text(v.skip_informal_reason) };
  if (v.stage === 'formal_meeting' || v.stage === 'appeal')
    Object.assign(body, { notice_on: text(v.notice_on), companion_offered: v.companion_offered === 'true', companion: text(v.companion), response: text(v.response) });
  if (v.stage === 'improvement_plan')
    Object.assign(body, {
      plan_ends_on: text(v.plan_ends_on), support: linesOf(v.support), milestones: milestonesOf(v.milestones),
      review_dates: v.review_dates.split(/[\s,]+/).filter(Boolean), objective_ids: v.objective_id ? [Number(v.objective_id)] : [],
    });
  if (v.stage === 'outcome')
    Object.assign(body, { outcome: text(v.outcome), response: text(v.response), serious_impact_reason: text(v.serious_impact_reason), exceptional_reason: text(v.exceptional_reason) });
  if (v.stage === 'appeal') body.appeal_result = text(v.appeal_result);
  return body;
}

/** The next stage's form: only the stages that may follow, each with what it still needs. */
function NextStageForm({ c, onChanged }: { c: PerformanceCase; onChanged: () => void }) {
  const objectives = useAsync(() => listObjectives(c.person_id), [c.person_id]);
  const next = c.next ?? [];
  const form = useForm<StageValues>({
    initial: { ...STAGE_FIELDS, stage: next[0]?.stage ?? '' },
    required: ['stage', 'on'],
    fieldOf: (f) => (f.startsWith('objective_ids') ? 'objective_id' : f.replace(/\[\d+\]$/, '')),
    onSubmit: async (v) => {
      await recordCaseStage(c.id, stageBody(v));
      form.reset({ ...STAGE_FIELDS, stage: '' });
      onChanged();
    },
  });
  if (next.length === 0) return <p class="muted">The procedure has ended: no stage may follow.</p>;
  const stage = form.values.stage;
  const needs = next.find((n) => n.stage === stage)?.needs ?? [];
  const formal = stage !== 'informal_discussion' && !c.stages.some((s) => s.stage === 'informal_discussion' || s.skip_informal_reason);
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Record the next stage">
      <Field form={form} name="stage" label="Next stage" options={next.map((n) => ({ value: n.stage, label: capitalised(n.stage) }))} emptyOption="Choose a stage" />
      <Field form={form} name="on" label={stage === 'formal_meeting' ? 'Meeting on' : 'Date'} type="date" />
      {stage && (
        <div class="field field--wide" role="status">
          <strong>What this stage still needs</strong>
          {needs.length === 0 ? <p class="muted">Nothing more: it may be recorded.</p> : (
            <ul aria-label="What this stage still needs">
              {needs.map((n) => <li key={n}>{n}</li>)}
            </ul>
          )}
        </div>
      )}
      {formal && stage && <Field form={form} name="skip_informal_reason" label="Reason for skipping the informal stage" multiline wide hint="Only when an informal discussion is not appropriate, e.g. gross misconduct" />}
      {(stage === 'formal_meeting' || stage === 'appeal') && (
        <>
          <Field form={form} name="notice_on" label="Written notice given on" type="date" hint="Before the meeting" />
          <CheckboxField form={form} name="companion_offered" label="The right to be accompanied by a colleague or trade-union representative was offered" />
          <Field form={form} name="companion" label="Companion" hint="Who accompanies them, if anyone" />
        </>
      )}
      {stage === 'improvement_plan' && (
        <>
          <Field form={form} name="plan_ends_on" label="Improvement period ends" type="date" />
          <Field form={form} name="objective_id" label="SMART objective of the plan" options={(objectives.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.title }))} emptyOption="None" />
          <Field form={form} name="milestones" label="Milestones" multiline wide hint="One a line: YYYY-MM-DD then what is to be reached" />
          <Field form={form} name="support" label="Support" multiline wide hint="One a line: training, mentoring, resources" />
          <Field form={form} name="review_dates" label="Review dates" wide hint="YYYY-MM-DD, separated by spaces" />
        </>
      )}
      {stage === 'outcome' && (
        <>
          <Field form={form} name="outcome" label="Outcome" options={OUTCOMES} emptyOption="Choose the outcome" />
          <Field form={form} name="serious_impact_reason" label="Why the impact was serious" multiline wide hint="Only to go straight to a final written warning" />
          <Field form={form} name="exceptional_reason" label="Exceptional reason" multiline wide hint="Only for a sanction before the improvement period has ended" />
        </>
      )}
      {stage === 'appeal' && <Field form={form} name="appeal_result" label="Appeal result" options={APPEAL_RESULTS} emptyOption="Choose the result" />}
      {(stage === 'formal_meeting' || stage === 'outcome') && <Field form={form} name="response" label="Their response" multiline wide hint="What they said in answer to the concern, before any decision" />}
      <Field form={form} name="notes" label="Notes" multiline wide />
      <FormFooter form={form} submitLabel="Record stage" />
    </form>
  );
}

function EvidenceForm({ c, onChanged }: { c: PerformanceCase; onChanged: () => void }) {
  const form = useForm({
    initial: { kind: 'kpi', note: '', period: '', ref_id: '' },
    required: ['kind', 'note'],
    fieldOf: (f) => f.replace(/^evidence\[\d+\]\.?/, '') || 'note',
    onSubmit: async (v) => {
      const piece = { kind: v.kind, note: v.note.trim(), ...(v.period && { period: v.period.trim() }), ...(v.ref_id && { ref_id: Number(v.ref_id) }) };
      await changePerformanceCase(c, { evidence: [...c.evidence, piece] });
      form.reset({ ...v, note: '', period: '', ref_id: '' });
      onChanged();
    },
  });
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Link evidence">
      <Field form={form} name="kind" label="Kind" options={EVIDENCE_KINDS} />
      <Field form={form} name="note" label="What it shows" wide />
      <Field form={form} name="period" label="Period" hint="A KPI's month YYYY-MM or week YYYY-Www" />
      <Field form={form} name="ref_id" label="Record number" hint="The QA review, survey answer or complaint case" />
      <FormFooter form={form} submitLabel="Link evidence" />
    </form>
  );
}

function CausesForm({ c, onChanged }: { c: PerformanceCase; onChanged: () => void }) {
  const initial = Object.fromEntries(CAUSES.map((k) => [k, c.causes?.[k] ?? ''])) as Record<(typeof CAUSES)[number], string>;
  const form = useForm({
    initial,
    required: [...CAUSES],
    onSubmit: async (v) => {
      await changePerformanceCase(c, { causes: v });
      onChanged();
    },
  });
  return (
    <form class="form form-grid" onSubmit={form.handleSubmit} aria-label="Causes considered">
      {CAUSES.map((k) => <Field key={k} form={form} name={k} label={capitalised(k)} wide hint={k === 'health' ? 'And any reasonable adjustments' : '"None found" is an answer'} />)}
      <FormFooter form={form} submitLabel="Record causes considered" />
    </form>
  );
}

function LetterView({ letter, manage, onChanged }: { letter: PerformanceLetter; manage: boolean; onChanged: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const form = useForm({
    initial: { subject: letter.subject, body: letter.body },
    required: ['subject', 'body'],
    onSubmit: async (v) => {
      await editLetter(letter, v);
      onChanged();
    },
  });
  const issue = () => issueLetter(letter.id).then(onChanged, (f: Error) => setError(f));
  return (
    <article class="letter" aria-label={letter.subject}>
      <h3>{letter.subject}</h3>
      <p class="muted">{letter.status === 'issued' ? `Issued ${formatDateTime(letter.issued_at ?? '')} by ${letter.issued_by_name ?? ''}` : 'Draft: not issued yet'}</p>
      {letter.status === 'draft' && manage ? (
        <>
          <form class="form" onSubmit={form.handleSubmit} aria-label={`Edit ${letter.subject}`}>
            <Field form={form} name="subject" label="Subject" wide />
            <Field form={form} name="body" label="Letter" multiline wide />
            <FormFooter form={form} submitLabel="Save draft" />
          </form>
          <ErrorAlert error={error} />
          <button type="button" class="button button--primary" onClick={issue}>Issue letter</button>
        </>
      ) : (
        <pre class="letter-body">{letter.body}</pre>
      )}
    </article>
  );
}

export function PerfCasePage({ caseId, user }: { caseId: number; user: SessionUser }) {
  useDocumentTitle('Underperformance case');
  const c = useAsync(() => getPerformanceCase(caseId), [caseId]);
  const letters = useAsync(() => listCaseLetters(caseId), [caseId]);
  const reload = () => {
    c.reload();
    letters.reload();
  };
  const data = c.data;
  const manage = data !== null && data !== undefined && data.person_id !== user.id;
  return (
    <div class="page">
      <h1>{data ? `${data.kind === 'conduct' ? 'Conduct' : 'Capability'} case: ${data.person_name}` : 'Underperformance case'}</h1>
      <ErrorAlert error={c.error} />
      {data && (
        <>
          <p>
            <a href={href(`/performance/people/${data.person_id}`)}>{`${data.person_name}'s performance`}</a>
            {' · '}
            <a href={evidencePackUrl(data.id, false)} target="_blank" rel="noopener">Evidence pack</a>
            {' · '}
            <a href={evidencePackUrl(data.id, true)} target="_blank" rel="noopener">Anonymised evidence pack</a>
          </p>
          <Panel title="Concern and evidence">
            <p>{data.concern}</p>
            <ul aria-label="Evidence">
              {data.evidence.map((e, i) => <li key={i}>{`${label(e.kind)}${e.period ? ` ${e.period}` : ''}${e.ref_id ? ` #${e.ref_id}` : ''}: ${e.note}`}</li>)}
            </ul>
            {data.evidence.length === 0 && <p class="muted">No evidence linked yet.</p>}
            {manage && <EvidenceForm key={data.version} c={data} onChanged={reload} />}
          </Panel>
          <Panel title="Causes considered">
            {data.causes ? (
              <dl>{CAUSES.map((k) => <><dt>{capitalised(k)}</dt><dd>{data.causes?.[k]}</dd></>)}</dl>
            ) : <p class="muted">Not recorded yet: no formal stage before they are.</p>}
            {manage && <CausesForm key={data.version} c={data} onChanged={reload} />}
          </Panel>
          <Panel title="Stages">
            <ol class="timeline" aria-label="Stages">
              <li><strong>{`${formatDateTime(data.created_at)}: Opened`}</strong></li>
              {data.stages.map((s, i) => <StageLine key={i} s={s} />)}
            </ol>
            {manage && <NextStageForm key={data.version} c={data} onChanged={reload} />}
          </Panel>
          <Panel title="Letters">
            <ErrorAlert error={letters.error} />
            {letters.data?.items.map((l) => <LetterView key={`${l.id}-${l.version}`} letter={l} manage={manage} onChanged={reload} />)}
            {letters.data && letters.data.items.length === 0 && <p class="muted">No letters yet: the formal meeting, the plan, each outcome and an appeal each produce one.</p>}
          </Panel>
        </>
      )}
    </div>
  );
}
