// Small coloured labels: an account's status and tier, a case's status and
// priority, a CAPA's status, an SLA clock's state, and warnings such as late deliveries.

import {
  ACCOUNT_STATUSES,
  CAPA_STATUSES,
  CASE_STATUSES,
  labelFor,
  SLA_CLOCK_STATES,
  type AccountStatus,
  type CapaStatus,
  type CaseStatus,
  type SlaClockState,
  type SlaPolicy,
} from '../records';

type Tone = 'neutral' | 'good' | 'warning' | 'bad' | 'info';

export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span class={`badge badge--${tone}`}>{children}</span>;
}

const STATUS_TONES: Record<AccountStatus, Tone> = {
  prospect: 'neutral',
  active: 'good',
  at_risk: 'warning',
  lost: 'bad',
  won_back: 'info',
};

export function StatusBadge({ status }: { status: AccountStatus }) {
  return <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{labelFor(ACCOUNT_STATUSES, status)}</Badge>;
}

export function TierBadge({ tier }: { tier: string | null }) {
  return tier ? <Badge tone="info">{`Tier ${tier}`}</Badge> : null;
}

const CASE_STATUS_TONES: Record<CaseStatus, Tone> = {
  new: 'info',
  open: 'info',
  waiting_on_customer: 'warning',
  waiting_on_internal: 'warning',
  resolved: 'good',
  closed: 'neutral',
  reopened: 'bad',
};

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <Badge tone={CASE_STATUS_TONES[status] ?? 'neutral'}>{labelFor(CASE_STATUSES, status)}</Badge>;
}

const PRIORITY_TONES: Record<number, Tone> = { 1: 'bad', 2: 'warning', 3: 'info', 4: 'neutral' };

/** "P1" (most urgent, red) to "P4". */
export function PriorityBadge({ priority }: { priority: number }) {
  return <Badge tone={PRIORITY_TONES[priority] ?? 'neutral'}>{`P${priority}`}</Badge>;
}

const CAPA_STATUS_TONES: Record<CapaStatus, Tone> = { open: 'info', in_progress: 'warning', done: 'good' };

export function CapaStatusBadge({ status }: { status: CapaStatus }) {
  return <Badge tone={CAPA_STATUS_TONES[status] ?? 'neutral'}>{labelFor(CAPA_STATUSES, status)}</Badge>;
}

const SLA_STATE_TONES: Record<SlaClockState, Tone> = { running: 'info', paused: 'warning', met: 'good', breached: 'bad', not_applicable: 'neutral' };

/** Met, Breached, Running, or Paused with the status it waits in ("Paused · Waiting on customer"). */
export function SlaStateBadge({ state, pausedIn }: { state: SlaClockState; pausedIn?: string | undefined }) {
  const label = labelFor(SLA_CLOCK_STATES, state);
  return <Badge tone={SLA_STATE_TONES[state] ?? 'neutral'}>{pausedIn ? `${label} · ${pausedIn.toLowerCase()}` : label}</Badge>;
}

/** "Review due" or "Review overdue" by a policy's review date; nothing before it is due. */
export function ReviewBadge({ policy }: { policy: SlaPolicy }) {
  if (policy.review === 'overdue') return <Badge tone="bad">Review overdue</Badge>;
  return policy.review_due ? <Badge tone="warning">Review due</Badge> : null;
}
