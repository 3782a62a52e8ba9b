// Who works a case: a staff picker saved with PATCH and If-Match; when someone
// else changed the case first (412) the case is reloaded and the form says so.

import { getCase, updateCase } from '../endpoints';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import type { Case } from '../records';
import { saveVersioned } from '../versionedSave';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

const STALE_MESSAGE = 'Someone else changed this case meanwhile. It has been reloaded: check the assignee and save again.';

interface CaseAssignmentProps {
  kase: Case;
  onSaved: (kase: Case) => void;
  /** Called with someone else's newer version after a 412. */
  onReloaded: (kase: Case) => void;
}

export function CaseAssignment({ kase, onSaved, onReloaded }: CaseAssignmentProps) {
  const users = useUsers();
  const staffOptions = (users.data ?? [])
    .filter((user) => (user.active && user.role !== 'auditor' && user.role !== 'hr') || user.id === kase.assignee_id)
    .map((user) => ({ value: String(user.id), label: user.display_name }));
  const valuesOf = (current: Case) => ({ assignee_id: current.assignee_id?.toString() ?? '' });

  const form = useForm({
    initial: valuesOf(kase),
    onSubmit: async ({ assignee_id }) => {
      const chosen = assignee_id === '' ? null : Number(assignee_id);
      if (chosen === kase.assignee_id) return;
      const saved = await saveVersioned({
        save: () => updateCase(kase, { assignee_id: chosen }),
        load: () => getCase(kase.id),
        onReloaded: (latest) => {
          form.reset(valuesOf(latest));
          onReloaded(latest);
        },
        staleMessage: STALE_MESSAGE,
      });
      onSaved(saved);
    },
  });

  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="Assignment">
      <Field
        form={form}
        name="assignee_id"
        label="Assignee"
        options={staffOptions}
        emptyOption={users.loading ? 'Loading…' : 'Unassigned'}
        hint={users.error ? `Staff list unavailable: ${users.error.message}` : undefined}
        wide
      />
      <FormFooter form={form} submitLabel="Assign" />
    </form>
  );
}
