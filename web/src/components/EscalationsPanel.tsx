// A complaint's escalations, oldest first, with level, reason, who and when;
// and for those who work cases an "Escalate" form offering only the levels
// above the current one (escalation goes only upwards).

import { escalateComplaint } from '../endpoints';
import { formatDateTime } from '../format';
import { useForm } from '../hooks/useForm';
import { ESCALATION_LEVELS, labelFor, type Complaint, type EscalationLevel } from '../records';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Panel } from './Panel';

interface EscalationsPanelProps {
  complaint: Complaint;
  canWork: boolean;
  onEscalated: () => void;
}

export function EscalationsPanel({ complaint, canWork, onEscalated }: EscalationsPanelProps) {
  const current = ESCALATION_LEVELS.findIndex((level) => level.value === complaint.escalation_level);
  const higher = ESCALATION_LEVELS.slice(current + 1);
  const form = useForm({
    initial: { level: '', reason: '' },
    required: ['level', 'reason'],
    onSubmit: async ({ level, reason }) => {
      await escalateComplaint(complaint.case_id, level as EscalationLevel, reason.trim());
      form.reset({ level: '', reason: '' });
      onEscalated();
    },
  });
  return (
    <Panel title="Escalation">
      <p>
        {'Now with: '}
        <strong>{labelFor(ESCALATION_LEVELS, complaint.escalation_level)}</strong>
      </p>
      {complaint.escalations.length === 0 ? (
        <p class="empty">Not escalated.</p>
      ) : (
        <ol class="escalations" aria-label="Escalations">
          {complaint.escalations.map((escalation) => (
            <li key={escalation.id} class="escalation">
              <div class="timeline-meta">
                <span class="timeline-kind">{labelFor(ESCALATION_LEVELS, escalation.level)}</span>
                <time dateTime={escalation.at}>{formatDateTime(escalation.at)}</time>
                {escalation.by_name && <span>{escalation.by_name}</span>}
              </div>
              <p class="timeline-summary">{escalation.reason}</p>
            </li>
          ))}
        </ol>
      )}
      {canWork && higher.length > 0 && (
        <form class="form-grid inline-form" onSubmit={form.handleSubmit} noValidate aria-label="Escalate">
          <Field form={form} name="level" label="Escalate to" options={higher} emptyOption="Choose…" wide />
          <Field form={form} name="reason" label="Reason" multiline maxLength={2000} wide />
          <FormFooter form={form} submitLabel="Escalate" />
        </form>
      )}
    </Panel>
  );
}
