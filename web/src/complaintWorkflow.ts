// Who may take which complaint step, what each step's own form records, and
// who reads and writes CAPAs. The server is authoritative (`next` says what a
// step still needs and whether this user may take it); this mirrors the step
// table in src/core/complaint_workflow.c and docs/PERMISSIONS.md only to say
// *why* a step or page is out of reach. Keep them in step.

import type { CapaStatus, Complaint, ComplaintNeed, ComplaintStepName, Role } from './records';

/** Root cause, decision and closure are judgements an agent does not make alone. */
const JUDGE_STEPS: readonly ComplaintStepName[] = ['root_cause', 'decided', 'closed'];

const CASE_WORKERS: readonly Role[] = ['agent', 'team_leader', 'cs_manager', 'quality_manager', 'admin'];

/** Whether a role may take a step (for a step not yet among the next ones; `next` says it for those). */
export function mayTakeStep(step: ComplaintStepName, role: Role): boolean {
  return CASE_WORKERS.includes(role) && (!JUDGE_STEPS.includes(step) || role !== 'agent');
}

/** Who may take a step, for "your role may not…". */
export function stepTakers(step: ComplaintStepName): string {
  return JUDGE_STEPS.includes(step)
    ? 'a team leader, CS manager, quality manager or administrator'
    : 'anyone who works cases';
}

/** What each step's form records itself (the escalation a severity demands is recorded with the assessment). */
const PROVIDES: Partial<Record<ComplaintStepName, readonly ComplaintNeed[]>> = {
  assessed: ['severity', 'impact', 'escalation'],
  investigated: ['investigation'],
  root_cause: ['root_cause'],
  decided: ['remedy', 'resolution'],
  followed_up: ['satisfaction'],
};

/** The needs a step's own form cannot fill: while there are any, the step cannot be taken. */
export function blockingNeeds(step: ComplaintStepName, missing: readonly ComplaintNeed[]): ComplaintNeed[] {
  const provided = PROVIDES[step] ?? [];
  return missing.filter((need) => !provided.includes(need));
}

/**
 * What closing will need, before closing is one of the next steps (then
 * `next` says it): a root cause, a remedy and resolution, and a CAPA when the
 * root cause is systemic.
 */
export function closingNeeds(complaint: Complaint, hasCapa: boolean): ComplaintNeed[] {
  const needs: ComplaintNeed[] = [];
  if ((complaint.five_whys ?? []).length === 0 && complaint.cause_category === null) needs.push('root_cause');
  if (complaint.remedy === null) needs.push('remedy');
  if (!complaint.resolution) needs.push('resolution');
  if (complaint.systemic && !hasCapa) needs.push('capa');
  return needs;
}

/** capa.read: everyone who reads cases. */
export function canReadCapas(role: Role): boolean {
  return role !== 'hr';
}

/** capa.write: quality and CS managers. */
export function canWriteCapas(role: Role): boolean {
  return role === 'quality_manager' || role === 'cs_manager';
}

/** cases.read, which the complaint reports need. */
export function canReadComplaintReports(role: Role): boolean {
  return role !== 'hr';
}

/** Whether a CAPA is past its due date and not done (`today` as YYYY-MM-DD). */
export function isOverdue(capa: { due_on: string; status: CapaStatus }, today: string): boolean {
  return capa.status !== 'done' && capa.due_on < today;
}
