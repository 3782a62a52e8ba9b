// A calibration session's results: each reviewer's score and the spread
// between them, in total and per criterion.

import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Panel } from '../components/Panel';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { getCalibration } from '../quality';

export function CalibrationPage({ calibrationId }: { calibrationId: number }) {
  useDocumentTitle(`Calibration ${calibrationId}`);
  const session = useAsync(() => getCalibration(calibrationId), [calibrationId]);
  const s = session.data;
  return (
    <div class="page">
      <h1>{s?.title ?? 'Calibration'}</h1>
      <ErrorAlert error={session.error} />
      {s && (
        <>
          <p>{`${s.scorecard_name} · ${s.agent_name} · deadline ${s.deadline_at} · ${s.open ? 'open' : 'closed'}`}</p>
          <Panel title="Scores">
            <DataTable caption="Each reviewer's score" rows={s.reviews ?? []} rowKey={(r) => r.id}
              columns={[{ header: 'Reviewer', cell: (r) => r.reviewer_name }, { header: 'Status', cell: (r) => r.status }, { header: 'Score', cell: (r) => r.score ?? '', align: 'numeric' }]} />
            {s.spread && <p class="qa-spread">{`Spread: ${s.spread.overall.range ?? '—'} points (min ${s.spread.overall.min ?? '—'}, max ${s.spread.overall.max ?? '—'}, standard deviation ${s.spread.overall.stddev ?? '—'})`}</p>}
          </Panel>
          <Panel title="Spread per criterion">
            <DataTable caption="Spread per criterion" rows={s.spread?.criteria ?? []} rowKey={(c) => c.key}
              columns={[{ header: 'Criterion', cell: (c) => c.label }, { header: 'Scored', cell: (c) => c.n, align: 'numeric' }, { header: 'Min', cell: (c) => c.min ?? '', align: 'numeric' }, { header: 'Max', cell: (c) => c.max ?? '', align: 'numeric' }, { header: 'Range', cell: (c) => c.range ?? '', align: 'numeric' }]} />
          </Panel>
        </>
      )}
    </div>
  );
}
