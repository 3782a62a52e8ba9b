// The status moves this user may make now (from caseWorkflow.ts), one button
// each; a move that needs a reason asks for it first. A refused move (409) or
// a case changed meanwhile (412) shows why and loads the case again.

import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { allowedMoves, type StatusMove } from '../caseWorkflow';
import { changeCaseStatus } from '../endpoints';
import { useForm } from '../hooks/useForm';
import { CASE_STATUSES, labelFor, type Case, type Role } from '../records';
import { ErrorAlert } from './ErrorAlert';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

interface CaseStatusActionsProps {
  kase: Case;
  role: Role;
  onChanged: (kase: Case) => void;
  /** Called after a refusal, to load the case as it now is. */
  onStale: () => void;
}

export function CaseStatusActions({ kase, role, onChanged, onStale }: CaseStatusActionsProps) {
  const [asking, setAsking] = useState<StatusMove | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const move = async (to: StatusMove['to'], reason: string | null) => {
    try {
      onChanged(await changeCaseStatus(kase, to, reason));
      setAsking(null);
    } catch (failure) {
      if (!(failure instanceof ApiError) || (failure.status !== 409 && failure.status !== 412)) throw failure;
      setAsking(null);
      onStale();
      throw new Error(
        failure.status === 412
          ? 'Someone else changed this case meanwhile. It has been reloaded: check it and try again.'
          : `${failure.detail}. The case has been reloaded.`,
      );
    }
  };

  const reasonForm = useForm({
    initial: { reason: '' },
    required: ['reason'],
    onSubmit: async ({ reason }) => {
      if (asking) await move(asking.to, reason.trim());
    },
  });

  const choose = (choice: StatusMove) => {
    setError(null);
    if (choice.needsReason) {
      reasonForm.reset({ reason: '' });
      setAsking(choice);
      return;
    }
    setBusy(true);
    move(choice.to, null)
      .catch((failure: unknown) => setError(failure instanceof Error ? failure : new Error(String(failure))))
      .finally(() => setBusy(false));
  };

  const moves = allowedMoves(kase, role);
  if (moves.length === 0) return <p class="muted">No status change is possible from here.</p>;
  return (
    <div class="status-actions">
      <ErrorAlert error={error} />
      <div class="button-row" role="group" aria-label="Change status">
        {moves.map((choice) => (
          <button
            key={choice.to}
            type="button"
            class={`button button--small${asking?.to === choice.to ? ' button--primary' : ''}`}
            disabled={busy || reasonForm.submitting}
            onClick={() => choose(choice)}
          >
            {`Mark ${labelFor(CASE_STATUSES, choice.to).toLowerCase()}${choice.needsReason ? '…' : ''}`}
          </button>
        ))}
      </div>
      {asking && (
        <form
          class="form-grid inline-form"
          onSubmit={reasonForm.handleSubmit}
          noValidate
          aria-label={`Reason for ${labelFor(CASE_STATUSES, asking.to).toLowerCase()}`}
        >
          <Field
            form={reasonForm}
            name="reason"
            label="Reason"
            hint="The customer sees the reason with the status change."
            multiline
            maxLength={2000}
            wide
          />
          <FormFooter
            form={reasonForm}
            submitLabel={`Mark ${labelFor(CASE_STATUSES, asking.to).toLowerCase()}`}
            onCancel={() => setAsking(null)}
          />
        </form>
      )}
    </div>
  );
}
