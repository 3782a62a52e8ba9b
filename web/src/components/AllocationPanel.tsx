// Why a case is with whom: the latest allocation decision in plain words, the
// candidates considered with the reason each was or was not chosen, and for
// those who work cases "Allocate by the rules" (an unassigned case) and a
// reassignment that asks for a reason when it overrides the rules.

import { useState } from 'preact/hooks';
import { allocateCase, assignCase, listCaseAllocations, type CaseAllocation } from '../allocation';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import type { Case } from '../records';
import { DataTable, type Column } from './DataTable';
import { ErrorAlert } from './ErrorAlert';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Panel } from './Panel';

const KIND_LABELS: Record<CaseAllocation['kind'], string> = { automatic: 'By the rules', suggestion: 'Suggested', manual: 'By hand' };
const RISK_LABELS: Record<CaseAllocation['risk'], string> = { low: 'low', medium: 'medium', high: 'high' };

type Candidate = CaseAllocation['rationale']['candidates'][number];
const COLUMNS: readonly Column<Candidate>[] = [
  { header: 'Person', cell: (c) => c.name },
  { header: 'Why', cell: (c) => c.text },
  { header: 'Workload', cell: (c) => c.load, align: 'numeric' },
];

interface AllocationPanelProps {
  kase: Case;
  canWork: boolean;
  /** The case's assignee changed here. */
  onAssigned: () => void;
}

export function AllocationPanel({ kase, canWork, onAssigned }: AllocationPanelProps) {
  const history = useAsync(() => listCaseAllocations(kase.id), [kase.id, kase.version]);
  const [failure, setFailure] = useState<Error | null>(null);
  const latest = history.data?.items[0];
  const allocate = () => {
    setFailure(null);
    allocateCase(kase.id).then(onAssigned, (error: Error) => setFailure(error));
  };
  return (
    <Panel
      title="Allocation"
      actions={
        canWork && kase.assignee_id === null ? (
          <button type="button" class="button button--small" onClick={allocate}>
            Allocate by the rules
          </button>
        ) : undefined
      }
    >
      <ErrorAlert error={history.error ?? failure} />
      {history.loading && !history.data && <p class="muted">Loading…</p>}
      {history.data && !latest && <p class="empty">No allocation decision has been recorded for this case.</p>}
      {latest && (
        <div class="allocation-rationale" data-testid="allocation-rationale">
          <p class="allocation-summary">{latest.summary}</p>
          <p class="muted">
            {`${KIND_LABELS[latest.kind]}, ${formatDateTime(latest.at)} · SLA risk ${RISK_LABELS[latest.risk]}`}
            {latest.rationale.needs.length > 0 && ` · needs ${latest.rationale.needs.map((n) => `${n.skill} ${n.level}`).join(', ')}`}
            {latest.stretch === 1 && latest.mentor_name && ` · stretch case, mentor ${latest.mentor_name} told`}
          </p>
          <DataTable
            caption="Candidates considered"
            columns={COLUMNS}
            rows={latest.rationale.candidates}
            rowKey={(c) => c.user_id}
            rowClass={(c) => (c.verdict === 'chosen' ? 'row--chosen' : undefined)}
          />
        </div>
      )}
      {canWork && <Reassign kase={kase} onAssigned={onAssigned} />}
    </Panel>
  );
}

/** Assigning by hand through POST …/assignment, with the reason for an override. */
function Reassign({ kase, onAssigned }: { kase: Case; onAssigned: () => void }) {
  const users = useUsers();
  const options = (users.data ?? [])
    .filter((user) => user.active && user.team_id === kase.team_id && (user.role === 'agent' || user.role === 'team_leader'))
    .map((user) => ({ value: String(user.id), label: user.display_name }));
  const form = useForm({
    initial: { assignee_id: '', reason: '' },
    required: ['assignee_id'],
    onSubmit: async ({ assignee_id, reason }) => {
      await assignCase(kase.id, Number(assignee_id), reason.trim());
      onAssigned();
    },
  });
  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="Assign by hand">
      <Field form={form} name="assignee_id" label="Assign by hand to" options={options} emptyOption="Choose a person" />
      <Field form={form} name="reason" label="Reason (needed to override the rules)" multiline wide />
      <FormFooter form={form} submitLabel="Assign by hand" />
    </form>
  );
}
