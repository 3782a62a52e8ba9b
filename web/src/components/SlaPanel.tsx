// A case's SLA clocks: for each clock that applies its state, target, due
// time with a live countdown, business minutes used and paused and a bar of
// the target used, coloured by warning level; the policy that sets them
// (linked to its page) and the warnings and breaches escalated. A case whose
// clocks cannot be computed says why.

import { fetchAllPages, getSlaPolicy, listSlaEscalations } from '../endpoints';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import {
  CASE_STATUSES,
  labelFor,
  SLA_CLOCKS,
  SLA_ESCALATION_LEVELS,
  SLA_NOTIFY_STATUSES,
  type Case,
  type SlaClock,
  type SlaClockName,
} from '../records';
import { href } from '../router';
import { formatMinutes } from '../sla';
import { Badge, SlaStateBadge } from './Badge';
import { Countdown } from './Countdown';
import { DetailsList } from './DetailsList';
import { ErrorAlert } from './ErrorAlert';
import { Panel } from './Panel';

export function SlaPanel({ kase }: { kase: Case }) {
  const sla = kase.sla ?? null;
  const policyId = sla?.policy_id ?? null;
  const policy = useAsync(() => (policyId === null ? Promise.resolve(null) : getSlaPolicy(policyId)), [policyId]);
  const escalations = useAsync(() => fetchAllPages((after) => listSlaEscalations(kase.id, after)), [kase.id, kase.version]);

  if (sla === null) {
    return (
      <Panel title="SLA">
        <p class="empty">No SLA policy applies to this case.</p>
      </Panel>
    );
  }
  const clocks = SLA_CLOCKS.flatMap(({ value }) => {
    const clock = sla[value];
    return clock && clock.state !== 'not_applicable' ? [{ name: value, clock }] : [];
  });
  return (
    <Panel title="SLA">
      <p class="muted small">
        {'Policy: '}
        <a href={href(`/sla/policies/${sla.policy_id}`)}>{policy.data?.name ?? `Policy ${sla.policy_id}`}</a>
        {sla.priority !== undefined && ` · P${sla.priority} targets`}
      </p>
      {sla.error !== undefined ? (
        <div class="alert alert--info">{`The SLA clocks of this case cannot be computed: ${sla.error}`}</div>
      ) : clocks.length === 0 ? (
        <p class="empty">No SLA target applies to this case.</p>
      ) : (
        <ul class="sla-clocks" aria-label="SLA clocks">
          {clocks.map(({ name, clock }) => (
            <SlaClockItem key={name} name={name} clock={clock} kase={kase} />
          ))}
        </ul>
      )}
      <h3 class="sla-subheading">Escalations</h3>
      <ErrorAlert error={escalations.error} />
      {escalations.data &&
        (escalations.data.length === 0 ? (
          <p class="empty">No SLA warnings or breaches escalated.</p>
        ) : (
          <ol class="escalations" aria-label="SLA escalations">
            {escalations.data.map((escalation) => (
              <li key={escalation.id} class="escalation">
                <div class="timeline-meta">
                  <span class="timeline-kind">{`${labelFor(SLA_ESCALATION_LEVELS, escalation.level)} · ${labelFor(SLA_CLOCKS, escalation.target)}`}</span>
                  <time dateTime={escalation.created_at}>{formatDateTime(escalation.created_at)}</time>
                </div>
                <p class="timeline-summary">
                  {escalation.notify_user_name ? `To ${escalation.notify_user_name}` : 'Nobody to tell'}
                  {` · ${labelFor(SLA_NOTIFY_STATUSES, escalation.notify_status)}`}
                  {escalation.notify_detail && ` (${escalation.notify_detail})`}
                </p>
              </li>
            ))}
          </ol>
        ))}
    </Panel>
  );
}

const WARNING_LABELS: Record<SlaClock['warning'], string> = {
  none: 'no warning',
  first: 'first warning reached',
  second: 'second warning reached',
  breached: 'breached',
};

function SlaClockItem({ name, clock, kase }: { name: SlaClockName; clock: SlaClock; kase: Case }) {
  const label = labelFor(SLA_CLOCKS, name);
  const percent = Math.min(100, Math.max(0, clock.percent));
  return (
    <li class="sla-clock">
      <div class="sla-clock-heading">
        <h3>{label}</h3>
        <SlaStateBadge state={clock.state} pausedIn={clock.state === 'paused' ? labelFor(CASE_STATUSES, kase.status) : undefined} />
        {clock.breaches > 1 && <Badge tone="bad">{`${clock.breaches} breaches`}</Badge>}
      </div>
      <div
        class={`sla-bar sla-bar--${clock.warning}`}
        role="progressbar"
        aria-label={`${label}: target used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${clock.percent} % of the target used, ${WARNING_LABELS[clock.warning]}`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <DetailsList
        rows={[
          ['Target', `${formatMinutes(clock.target_minutes)} business time`],
          ['Due', clock.due && formatDateTime(clock.due)],
          ['Used', `${formatMinutes(clock.used_minutes)} (${clock.percent} %)`],
          ['Paused', formatMinutes(clock.paused_minutes)],
        ]}
      />
      {clock.state === 'running' && clock.due && (
        <p class="sla-left">
          <Countdown due={clock.due} />
        </p>
      )}
      {clock.state === 'paused' && <p class="sla-left muted">{`${formatMinutes(clock.left_minutes)} business time left when the clock resumes`}</p>}
    </li>
  );
}
