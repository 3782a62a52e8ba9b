// A complaint case's ISO 10002 steps, in order: done ones with when and who
// (from the case timeline), the current one highlighted, and at each step that
// may come next its form (ComplaintStepForm). Closing shows, held disabled,
// what it still needs until it can come next.

import { closingNeeds, mayTakeStep } from '../complaintWorkflow';
import { formatDateTime } from '../format';
import { ComplaintStepForm, PendingCloseStep } from './ComplaintStepForm';
import { DetailsList } from './DetailsList';
import { Panel } from './Panel';
import {
  CAUSE_CATEGORIES,
  COMPLAINT_STEPS,
  labelFor,
  REMEDIES,
  SEVERITIES,
  type CaseEvent,
  type Complaint,
  type Role,
} from '../records';

interface ComplaintPanelProps {
  complaint: Complaint;
  /** The case's timeline events of kind complaint_step, newest first. */
  stepEvents: readonly CaseEvent[];
  hasCapa: boolean;
  role: Role;
  canWork: boolean;
  onTaken: (complaint: Complaint) => void;
  onRefused: () => void;
}

export function ComplaintPanel({ complaint, stepEvents, hasCapa, role, canWork, onTaken, onRefused }: ComplaintPanelProps) {
  const currentIndex = COMPLAINT_STEPS.findIndex((step) => step.value === complaint.step);
  const closeIndex = COMPLAINT_STEPS.findIndex((step) => step.value === 'closed');
  return (
    <Panel title="Complaint">
      <ol class="complaint-steps" aria-label="Complaint steps">
        {COMPLAINT_STEPS.map((step, index) => {
          const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
          const taken = step.value === 'received' ? null : stepEvents.find((event) => event.step === step.value);
          const next = complaint.next.find((entry) => entry.step === step.value);
          const pendingClose = canWork && step.value === 'closed' && !next && currentIndex < closeIndex;
          return (
            <li key={step.value} class={`complaint-step complaint-step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <div class="complaint-step-heading">
                <span class="complaint-step-marker" aria-hidden="true">
                  {state === 'done' ? '✓' : index + 1}
                </span>
                <span class="complaint-step-name">{step.label}</span>
                <span class="complaint-step-state">{state === 'current' ? 'Current step' : state === 'done' ? 'Done' : next ? 'Next' : ''}</span>
                {state !== 'upcoming' && (
                  <span class="complaint-step-meta">
                    {step.value === 'received'
                      ? formatDateTime(complaint.created_at)
                      : taken && [formatDateTime(taken.at), taken.author_name].filter(Boolean).join(' · ')}
                  </span>
                )}
              </div>
              {canWork && next && (
                <ComplaintStepForm key={`${complaint.version}-${next.step}`} caseId={complaint.case_id} next={next} role={role} onTaken={onTaken} onRefused={onRefused} />
              )}
              {pendingClose && <PendingCloseStep needs={closingNeeds(complaint, hasCapa)} role={role} canClose={mayTakeStep('closed', role)} />}
            </li>
          );
        })}
      </ol>
      <DetailsList
        rows={[
          ['Severity', labelFor(SEVERITIES, complaint.severity)],
          ['Impact', complaint.impact],
          ['Investigation', complaint.investigation],
          ['Five whys', (complaint.five_whys ?? []).map((why, index) => `${index + 1}. ${why}`).join(' ')],
          ['6M category', labelFor(CAUSE_CATEGORIES, complaint.cause_category)],
          ['Systemic', complaint.systemic ? 'Yes' : 'No'],
          ['Remedy', labelFor(REMEDIES, complaint.remedy)],
          ['Resolution', complaint.resolution],
          ['Customer satisfied', complaint.satisfied === null ? null : complaint.satisfied ? 'Yes' : 'No'],
          ['Follow-up note', complaint.follow_up_note],
        ]}
      />
    </Panel>
  );
}
