// Which status moves the UI offers. The server is authoritative: this mirrors
// the table in src/core/case_workflow.c (explained in docs/CASES.md) only so
// that the case page shows just the moves that will succeed. The API lists the
// allowed statuses only after refusing a move (409), so the table is kept here,
// in this one place; keep the two in step.

import type { CaseStatus, Role } from './records';

/** Roles that open, change, reply to, note and move cases; auditors and HR only look. */
const CASE_WORKERS: readonly Role[] = ['agent', 'team_leader', 'cs_manager', 'quality_manager', 'admin'];
/** "Team leaders and above": case workers without agents. */
const CASE_LEADERS: readonly Role[] = ['team_leader', 'cs_manager', 'quality_manager', 'admin'];

const REOPEN_WINDOW_MS = 30 * 86_400_000;

interface Move {
  from: CaseStatus;
  to: CaseStatus;
  roles: readonly Role[];
  needsReason?: boolean;
  /** Only within 30 days of closing. */
  reopenWindow?: boolean;
}

const MOVES: readonly Move[] = [
  { from: 'new', to: 'open', roles: CASE_WORKERS },
  { from: 'new', to: 'waiting_on_customer', roles: CASE_WORKERS },
  { from: 'new', to: 'waiting_on_internal', roles: CASE_WORKERS },
  { from: 'new', to: 'resolved', roles: CASE_WORKERS },
  { from: 'new', to: 'closed', roles: CASE_WORKERS, needsReason: true },
  { from: 'open', to: 'waiting_on_customer', roles: CASE_WORKERS },
  { from: 'open', to: 'waiting_on_internal', roles: CASE_WORKERS },
  { from: 'open', to: 'resolved', roles: CASE_WORKERS },
  { from: 'waiting_on_customer', to: 'open', roles: CASE_WORKERS },
  { from: 'waiting_on_customer', to: 'waiting_on_internal', roles: CASE_WORKERS },
  { from: 'waiting_on_customer', to: 'resolved', roles: CASE_WORKERS },
  { from: 'waiting_on_internal', to: 'open', roles: CASE_WORKERS },
  { from: 'waiting_on_internal', to: 'waiting_on_customer', roles: CASE_WORKERS },
  { from: 'waiting_on_internal', to: 'resolved', roles: CASE_WORKERS },
  { from: 'resolved', to: 'closed', roles: CASE_WORKERS },
  { from: 'resolved', to: 'reopened', roles: CASE_WORKERS, needsReason: true },
  { from: 'closed', to: 'reopened', roles: CASE_LEADERS, needsReason: true, reopenWindow: true },
  { from: 'reopened', to: 'open', roles: CASE_WORKERS },
  { from: 'reopened', to: 'waiting_on_customer', roles: CASE_WORKERS },
  { from: 'reopened', to: 'waiting_on_internal', roles: CASE_WORKERS },
  { from: 'reopened', to: 'resolved', roles: CASE_WORKERS },
];

/** The statuses a queue shows: everything not yet resolved or closed. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['new', 'open', 'waiting_on_customer', 'waiting_on_internal', 'reopened'];

export function canWorkCases(role: Role): boolean {
  return CASE_WORKERS.includes(role);
}

export interface StatusMove {
  to: CaseStatus;
  needsReason: boolean;
}

/** The moves this role may make from the case's status now, in table order. */
export function allowedMoves(kase: { status: CaseStatus; closed_at: string | null }, role: Role, now = Date.now()): StatusMove[] {
  const closedAt = kase.closed_at === null ? Number.NaN : Date.parse(kase.closed_at);
  return MOVES.filter(
    (move) =>
      move.from === kase.status &&
      move.roles.includes(role) &&
      !(move.reopenWindow && !(now - closedAt <= REOPEN_WINDOW_MS)),
  ).map((move) => ({ to: move.to, needsReason: move.needsReason ?? false }));
}
