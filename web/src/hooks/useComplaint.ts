// What a complaint case's page shows besides the case: the complaint record,
// the timeline's complaint steps (for when and who) and the CAPAs raised from
// it. Nothing is loaded for other case types; `revision` reloads the steps.

import { canReadCapas } from '../complaintWorkflow';
import { fetchAllPages, getComplaint, listCapas, listCaseTimeline } from '../endpoints';
import type { Capa, CaseEvent, Complaint, Role } from '../records';
import { useAsync, type AsyncState } from './useAsync';

export interface ComplaintState {
  complaint: AsyncState<Complaint | null>;
  stepEvents: AsyncState<CaseEvent[]>;
  capas: AsyncState<Capa[]>;
}

export function useComplaint(caseId: number, isComplaint: boolean, role: Role, revision: number): ComplaintState {
  const complaint = useAsync(() => (isComplaint ? getComplaint(caseId) : Promise.resolve(null)), [caseId, isComplaint]);
  const stepEvents = useAsync(
    async () =>
      isComplaint
        ? (await fetchAllPages((after) => listCaseTimeline(caseId, after))).filter((event) => event.kind === 'complaint_step')
        : [],
    [caseId, isComplaint, revision],
  );
  const capas = useAsync(
    () => (isComplaint && canReadCapas(role) ? fetchAllPages((after) => listCapas({ case_id: caseId }, after)) : Promise.resolve([])),
    [caseId, isComplaint, role],
  );
  return { complaint, stepEvents, capas };
}
