// Quality checks: the QA score over time, the reviewer's queue, one's own
// reviews, corrective actions, scorecards, calibration sessions, and a form
// to audit a case on demand.

import { useState } from 'preact/hooks';
import { Badge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Panel } from '../components/Panel';
import { QaScoreChart } from '../components/QaScoreChart';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { canManageQuality, listCalibrations, listQaActions, listReviews, listScorecards, patchQaAction, type QaAction, type Review } from '../quality';
import type { SessionUser } from '../records';
import { href, navigate } from '../router';

export function ResultBadge({ review }: { review: Review }) {
  if (review.status === 'queued') return <Badge tone="neutral">Queued</Badge>;
  if (review.critical_failed) return <Badge tone="bad">Critical item failed</Badge>;
  return review.passed ? <Badge tone="good">Passed</Badge> : <Badge tone="bad">Failed</Badge>;
}

const reviewColumns: readonly Column<Review>[] = [
  { header: 'Review', cell: (r) => <a href={href(`/quality/reviews/${r.id}`)}>{`Review ${r.id}`}</a> },
  { header: 'Of', cell: (r) => (r.case_id ? `Case ${r.case_id}` : `Interaction ${r.interaction_id}`) },
  { header: 'Person', cell: (r) => r.agent_name },
  { header: 'Reviewer', cell: (r) => r.reviewer_name },
  { header: 'Scorecard', cell: (r) => r.scorecard_name },
  { header: 'Score', cell: (r) => r.score ?? '', align: 'numeric' },
  { header: 'Result', cell: (r) => <ResultBadge review={r} /> },
];

function ActionRow({ action, canClose, onDone }: { action: QaAction; canClose: boolean; onDone: () => void }) {
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const close = () => patchQaAction(action.id, action.version, { status: 'done', outcome }).then(onDone, setError);
  return (
    <li class="qa-action">
      <strong>{action.title}</strong> — {action.agent_name}, owner {action.owner_name}, due {formatDate(action.due_on)}{' '}
      <Badge tone={action.status === 'done' ? 'good' : 'warning'}>{action.status.replace('_', ' ')}</Badge>
      {action.outcome && <p>{action.outcome}</p>}
      {canClose && action.status !== 'done' && (
        <form class="inline-form" onSubmit={(event) => { event.preventDefault(); void close(); }}>
          <label>
            Outcome <input value={outcome} onInput={(event) => setOutcome(event.currentTarget.value)} />
          </label>
          <button type="submit" class="button button--small">Mark done</button>
          <ErrorAlert error={error} />
        </form>
      )}
    </li>
  );
}

function AuditForm({ scorecards }: { scorecards: { id: number; name: string }[] }) {
  const [caseId, setCaseId] = useState('');
  const [scorecardId, setScorecardId] = useState('');
  return (
    <form class="filter-bar" aria-label="Audit a case" onSubmit={(event) => { event.preventDefault(); navigate('/quality/reviews/new', { query: { case_id: caseId, scorecard_id: scorecardId || String(scorecards[0]?.id ?? '') } }); }}>
      <div class="field">
        <label for="audit-case">Case number</label>
        <input id="audit-case" inputMode="numeric" value={caseId} onInput={(event) => setCaseId(event.currentTarget.value)} required />
      </div>
      <div class="field">
        <label for="audit-scorecard">Scorecard</label>
        <select id="audit-scorecard" value={scorecardId} onInput={(event) => setScorecardId(event.currentTarget.value)}>
          {scorecards.map((s) => <option value={String(s.id)}>{s.name}</option>)}
        </select>
      </div>
      <button type="submit" class="button button--primary">Review this case</button>
    </form>
  );
}

export function QualityPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Quality');
  const manager = canManageQuality(user.role);
  const queue = useAsync(() => (manager ? listReviews({ reviewer_id: user.id, status: 'queued' }) : Promise.resolve(null)), [manager]);
  const mine = useAsync(() => listReviews({ agent_id: user.id }), []);
  const team = useAsync(() => (manager ? listReviews({ status: 'submitted', limit: 20 }) : Promise.resolve(null)), [manager]);
  const actions = useAsync(() => listQaActions({ open: 'true' }), []);
  const scorecards = useAsync(listScorecards, []);
  const calibrations = useAsync(() => (manager ? listCalibrations() : Promise.resolve(null)), [manager]);
  return (
    <div class="page">
      <h1>Quality</h1>
      <QaScoreChart title={manager ? 'QA score of my team over time' : 'My QA score over time'} />
      {manager && (
        <Panel title="Reviewer's queue">
          <DataTable caption="Reviews waiting for me" columns={reviewColumns} rows={queue.data?.items ?? []} rowKey={(r) => r.id} />
          {queue.data?.items.length === 0 && <p class="muted">Nothing waiting.</p>}
        </Panel>
      )}
      {manager && scorecards.data && (
        <Panel title="Audit on demand">
          <AuditForm scorecards={scorecards.data.items.filter((s) => s.active)} />
        </Panel>
      )}
      <Panel title="My reviews">
        <DataTable caption="Reviews of my work" columns={reviewColumns} rows={mine.data?.items ?? []} rowKey={(r) => r.id} />
        {mine.data?.items.length === 0 && <p class="muted">No reviews of your work yet.</p>}
      </Panel>
      <Panel title="Open corrective actions">
        <ErrorAlert error={actions.error} />
        <ul class="plain-list">
          {(actions.data?.items ?? []).map((a) => <ActionRow key={a.id} action={a} canClose={manager} onDone={actions.reload} />)}
        </ul>
        {actions.data?.items.length === 0 && <p class="muted">No open corrective actions.</p>}
      </Panel>
      {manager && (
        <Panel title="Latest reviews">
          <DataTable caption="Latest submitted reviews" columns={reviewColumns} rows={team.data?.items ?? []} rowKey={(r) => r.id} />
        </Panel>
      )}
      <Panel title="Scorecards" actions={manager ? <><a class="button button--small" href={href('/quality/scorecards/new')}>New scorecard</a> <a class="button button--small" href={href('/quality/sampling')}>Sampling rules</a></> : undefined}>
        <ul class="plain-list">
          {(scorecards.data?.items ?? []).map((s) => (
            <li key={s.id}>
              <a href={href(`/quality/scorecards/${s.id}`)}>{s.name}</a> — pass mark {s.pass_mark}, {s.criteria.length} criteria{!s.active && ' (retired)'}
            </li>
          ))}
        </ul>
      </Panel>
      {manager && (
        <Panel title="Calibration sessions" actions={<a class="button button--small" href={href('/quality/calibrations/new')}>New session</a>}>
          <ul class="plain-list">
            {(calibrations.data?.items ?? []).map((c) => (
              <li key={c.id}>
                <a href={href(`/quality/calibrations/${c.id}`)}>{c.title}</a> — {c.agent_name}, deadline {formatDate(c.deadline_at.slice(0, 10))}
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </div>
  );
}
