// A health score (0–100) as a badge: good from 70, a warning from 40, bad below.

import { Badge } from './Badge';

export function HealthBadge({ score }: { score: number | null }) {
  if (score === null) return <Badge tone="neutral">No score</Badge>;
  return <Badge tone={score >= 70 ? 'good' : score >= 40 ? 'warning' : 'bad'}>{`Health ${score}`}</Badge>;
}

/** The reason of the counted, weighted component that scores lowest: what pulls the score down most. */
export function weakestReason(components: readonly { counted: boolean; weight: number; score: number | null; reason: string }[]): string {
  const counted = components.filter((part) => part.counted && part.weight > 0 && part.score !== null);
  counted.sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  return counted[0]?.reason ?? '';
}
