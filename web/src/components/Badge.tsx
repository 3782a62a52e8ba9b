// Small coloured labels: an account's status and tier, and warnings such as late deliveries.

import { ACCOUNT_STATUSES, labelFor, type AccountStatus } from '../records';

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
