// "My performance" and, for a line manager, their people: links to each
// person's scorecard and the underperformance signals of the people they
// manage — prompts to look at the evidence and talk, never verdicts; and the
// appraisal cycles.

import { ErrorAlert } from '../components/ErrorAlert';
import { CyclesPanel } from './AppraisalsPanel';
import { Panel } from '../components/Panel';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useUsers } from '../hooks/useUsers';
import { getSignals, KPI_LABELS } from '../performance';
import type { SessionUser } from '../records';
import { href } from '../router';

export function PerformancePage({ user }: { user: SessionUser }) {
  useDocumentTitle('Performance');
  const signals = useAsync(getSignals, []);
  const users = useUsers();
  const reports = (users.data ?? []).filter((u) => u.manager_id === user.id && u.active);
  return (
    <div class="page">
      <h1>Performance</h1>
      <p>
        <a href={href(`/performance/people/${user.id}`)}>My performance</a>
      </p>
      {reports.length > 0 && (
        <Panel title="My people">
          <ul>
            {reports.map((u) => (
              <li key={u.id}>
                <a href={href(`/performance/people/${u.id}`)}>{u.display_name}</a>
              </li>
            ))}
          </ul>
        </Panel>
      )}
      <Panel title="Signals">
        <ErrorAlert error={signals.error ?? users.error} />
        {signals.data && signals.data.items.length === 0 && <p class="muted">No KPI of your people is below its standard for long.</p>}
        <ul aria-label="Signals">
          {signals.data?.items.map((s) => (
            <li key={`${s.person_id}-${s.kpi}`}>
              <a href={href(`/performance/people/${s.person_id}`)}>{s.person_name}</a>
              {` — ${KPI_LABELS[s.kpi] ?? s.kpi}: ${s.message}`}
            </li>
          ))}
        </ul>
      </Panel>
      <CyclesPanel user={user} />
    </div>
  );
}
