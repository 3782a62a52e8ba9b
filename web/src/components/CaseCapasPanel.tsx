// The corrective actions raised from a complaint case, and for those who may
// write CAPAs a "Raise CAPA" form: title, owner from the staff list, due date.

import { createCapa } from '../endpoints';
import { formatDate } from '../format';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import type { Capa } from '../records';
import { href } from '../router';
import { CapaStatusBadge } from './Badge';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Panel } from './Panel';

interface CaseCapasPanelProps {
  caseId: number;
  capas: readonly Capa[];
  canWrite: boolean;
  onRaised: () => void;
}

const BLANK = { title: '', owner_id: '', due_on: '' };

export function CaseCapasPanel({ caseId, capas, canWrite, onRaised }: CaseCapasPanelProps) {
  const users = useUsers();
  const ownerOptions = (users.data ?? [])
    .filter((user) => user.active && user.role !== 'auditor')
    .map((user) => ({ value: String(user.id), label: user.display_name }));
  const form = useForm({
    initial: BLANK,
    required: ['title', 'owner_id', 'due_on'],
    onSubmit: async ({ title, owner_id, due_on }) => {
      await createCapa({ case_id: caseId, title: title.trim(), owner_id: Number(owner_id), due_on });
      form.reset(BLANK);
      onRaised();
    },
  });
  return (
    <Panel title="Corrective actions (CAPA)">
      {capas.length === 0 ? (
        <p class="empty">No CAPA raised from this complaint.</p>
      ) : (
        <ul class="capa-list" aria-label="CAPAs of this complaint">
          {capas.map((capa) => (
            <li key={capa.id}>
              <a href={href(`/capas/${capa.id}`)}>{capa.title}</a> <CapaStatusBadge status={capa.status} />
              <span class="muted small">{` ${capa.owner_name} · due ${formatDate(capa.due_on)}`}</span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form class="form-grid inline-form" onSubmit={form.handleSubmit} noValidate aria-label="Raise CAPA">
          <Field form={form} name="title" label="Title" maxLength={200} wide />
          <Field
            form={form}
            name="owner_id"
            label="Owner"
            options={ownerOptions}
            emptyOption={users.loading ? 'Loading…' : 'Choose…'}
            hint={users.error ? `Staff list unavailable: ${users.error.message}` : undefined}
          />
          <Field form={form} name="due_on" label="Due date" type="date" />
          <FormFooter form={form} submitLabel="Raise CAPA" />
        </form>
      )}
    </Panel>
  );
}
