// The form for one complaint step that may come next, with exactly that
// step's fields (docs/CASES.md), what the step still needs beside it, and why
// it cannot be taken when it cannot (a need its form does not fill, or the
// role). A refusal (409) lists what the server says is missing and reloads.

import { useId } from 'preact/hooks';
import { ApiError } from '../api';
import { blockingNeeds, stepTakers } from '../complaintWorkflow';
import { takeComplaintStep } from '../endpoints';
import { blankToNull } from '../format';
import { useForm, type FormValues } from '../hooks/useForm';
import {
  CAUSE_CATEGORIES,
  COMPLAINT_NEEDS,
  COMPLAINT_STEPS,
  labelFor,
  REMEDIES,
  ROLES,
  SEVERITIES,
  type CauseCategory,
  type Complaint,
  type ComplaintNextStep,
  type ComplaintStepInput,
  type ComplaintStepName,
  type Remedy,
  type Role,
  type Severity,
} from '../records';
import { CheckboxField, Field, LineListField } from './Field';
import { FormFooter } from './FormFooter';

const SATISFIED = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

/** Each step's fields, blank; the others take an optional note for the timeline. */
const INITIAL: Partial<Record<ComplaintStepName, FormValues>> = {
  assessed: { severity: '', impact: '' },
  investigated: { investigation: '' },
  root_cause: { five_whys: '', cause_category: '', systemic: '' },
  decided: { remedy: '', resolution: '' },
  followed_up: { satisfied: '', follow_up_note: '' },
};

const REQUIRED: Partial<Record<ComplaintStepName, readonly string[]>> = {
  assessed: ['severity', 'impact'],
  investigated: ['investigation'],
  decided: ['remedy', 'resolution'],
  followed_up: ['satisfied'],
};

const SUBMIT_LABELS: Record<ComplaintStepName, string> = {
  received: 'Mark received',
  acknowledged: 'Acknowledge',
  assessed: 'Record assessment',
  investigated: 'Record investigation',
  root_cause: 'Record root cause',
  decided: 'Record decision',
  communicated: 'Mark communicated',
  closed: 'Close complaint',
  followed_up: 'Record follow-up',
};

/** "severity, impact and resolution" */
export function describeNeeds(needs: readonly string[]): string {
  const labels = needs.map((need) => labelFor(COMPLAINT_NEEDS, need));
  return labels.length < 2 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function inputOf(step: ComplaintStepName, values: FormValues): ComplaintStepInput {
  const text = (name: string) => blankToNull(values[name] ?? '') ?? undefined;
  switch (step) {
    case 'assessed':
      return { step, severity: values.severity as Severity, impact: text('impact') };
    case 'investigated':
      return { step, investigation: text('investigation') };
    case 'root_cause': {
      const whys = (values.five_whys ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
      return {
        step,
        ...(whys.length > 0 && { five_whys: whys }),
        ...(values.cause_category && { cause_category: values.cause_category as CauseCategory }),
        systemic: values.systemic === 'true',
      };
    }
    case 'decided':
      return { step, remedy: values.remedy as Remedy, resolution: text('resolution') };
    case 'followed_up':
      return { step, satisfied: values.satisfied === 'yes', follow_up_note: text('follow_up_note') };
    default:
      return { step, note: text('note') };
  }
}

interface ComplaintStepFormProps {
  caseId: number;
  next: ComplaintNextStep;
  role: Role;
  onTaken: (complaint: Complaint) => void;
  /** Called after a refusal, to load the complaint as it now is. */
  onRefused: () => void;
}

export function ComplaintStepForm({ caseId, next, role, onTaken, onRefused }: ComplaintStepFormProps) {
  const { step } = next;
  const needsId = useId();
  const form = useForm<FormValues>({
    initial: INITIAL[step] ?? { note: '' },
    required: REQUIRED[step] ?? [],
    onSubmit: async (values) => {
      try {
        onTaken(await takeComplaintStep(caseId, inputOf(step, values)));
      } catch (failure) {
        if (!(failure instanceof ApiError) || failure.status !== 409) throw failure;
        onRefused();
        const missing = failure.missing.length > 0 ? ` Still missing: ${describeNeeds(failure.missing)}.` : '';
        const expected =
          failure.expected.length > 0
            ? ` It may go next to: ${failure.expected.map((name) => labelFor(COMPLAINT_STEPS, name)).join(', ')}.`
            : '';
        throw new Error(`${failure.detail}.${missing}${expected} The complaint has been reloaded.`);
      }
    },
  });

  const blocking = blockingNeeds(step, next.missing);
  const why = !next.permitted
    ? `Your role (${labelFor(ROLES, role)}) may not take this step: it is for ${stepTakers(step)}.`
    : blocking.length > 0
      ? `Cannot be taken yet: record ${describeNeeds(blocking)} first.`
      : null;
  const label = labelFor(COMPLAINT_STEPS, step);

  return (
    <form class="form-grid complaint-step-form" onSubmit={form.handleSubmit} noValidate aria-label={`Step: ${label}`}>
      <div class="complaint-needs field--wide" id={needsId}>
        {next.missing.length > 0 ? (
          <p>
            <strong>Still needs:</strong> {describeNeeds(next.missing)}
          </p>
        ) : (
          <p class="muted">Nothing more is needed for this step.</p>
        )}
        {why && <p class="complaint-why">{why}</p>}
      </div>
      {step === 'assessed' && (
        <>
          <Field form={form} name="severity" label="Severity" options={SEVERITIES} emptyOption="Choose…" hint="Safety goes to the quality manager at once, critical to a team leader." />
          <Field form={form} name="impact" label="Impact" multiline maxLength={2000} wide />
        </>
      )}
      {step === 'investigated' && <Field form={form} name="investigation" label="Investigation findings" multiline maxLength={20000} wide />}
      {step === 'root_cause' && (
        <>
          <LineListField form={form} name="five_whys" label="Five whys" lineLabel="Why" maxLines={5} hint="Each answer asks the next why; give these, a 6M category, or both." />
          <Field form={form} name="cause_category" label="6M category" options={CAUSE_CATEGORIES} emptyOption="Not chosen" />
          <CheckboxField form={form} name="systemic" label="Systemic (needs a CAPA before closing; escalates to the quality manager)" />
        </>
      )}
      {step === 'decided' && (
        <>
          <Field form={form} name="remedy" label="Remedy" options={REMEDIES} emptyOption="Choose…" />
          <Field form={form} name="resolution" label="Resolution" multiline maxLength={20000} wide />
        </>
      )}
      {step === 'followed_up' && (
        <>
          <Field form={form} name="satisfied" label="Customer satisfied" options={SATISFIED} emptyOption="Choose…" />
          <Field form={form} name="follow_up_note" label="Follow-up note" multiline maxLength={2000} wide />
        </>
      )}
      {INITIAL[step] === undefined && <Field form={form} name="note" label="Note for the timeline" maxLength={2000} wide />}
      <FormFooter form={form} submitLabel={SUBMIT_LABELS[step]} blocked={why ? { describedBy: needsId } : undefined} />
    </form>
  );
}

/** The close button before closing can come next: held disabled, with what closing will still need. */
export function PendingCloseStep({ needs, role, canClose }: { needs: readonly string[]; role: Role; canClose: boolean }) {
  const needsId = useId();
  return (
    <div class="complaint-step-form">
      <div class="complaint-needs" id={needsId}>
        <p>
          <strong>Still needs:</strong>{' '}
          {needs.length > 0 ? `${describeNeeds(needs)}, and the steps before it` : 'the steps before it'}
        </p>
        {!canClose && <p class="complaint-why">{`Your role (${labelFor(ROLES, role)}) may not take this step: it is for ${stepTakers('closed')}.`}</p>}
      </div>
      <button type="button" class="button button--primary" disabled aria-describedby={needsId}>
        {SUBMIT_LABELS.closed}
      </button>
    </div>
  );
}
