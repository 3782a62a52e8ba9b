// A calibration session's results: each reviewer's score and the spread
// between them, in total and per criterion; and the form that opens a
// session: the case, the scorecard, the reviewers and the deadline.

import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { CheckboxGroupField, Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { localDateTimeToRfc3339 } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import { createCalibration, getCalibration, listScorecards, mayReview } from '../quality';
import { href, navigate } from '../router';

/** A week from now, as a datetime-local value. */
function aWeekAhead(): string {
  const at = new Date(Date.now() + 7 * 86400e3);
  at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
  return at.toISOString().slice(0, 16);
}

export function NewCalibrationPage({ caseId }: { caseId: string }) {
  useDocumentTitle('New calibration session');
  const users = useUsers();
  const cards = useAsync(listScorecards, []);
  const form = useForm({
    initial: { title: '', case_id: caseId, scorecard_id: '', reviewer_ids: '', deadline_at: aWeekAhead() },
    required: ['title', 'case_id', 'scorecard_id', 'reviewer_ids', 'deadline_at'],
    onSubmit: async (v) => {
      const session = await createCalibration({
        title: v.title.trim(),
        case_id: Number(v.case_id),
        scorecard_id: Number(v.scorecard_id),
        reviewer_ids: v.reviewer_ids.split(',').filter(Boolean).map(Number),
        deadline_at: localDateTimeToRfc3339(v.deadline_at),
      });
      navigate(`/quality/calibrations/${session.id}`);
    },
  });
  const reviewers = (users.data ?? []).filter((u) => u.active && mayReview(u.role)).map((u) => ({ value: String(u.id), label: u.display_name }));
  return (
    <div class="page">
      <h1>New calibration session</h1>
      <p><a href={href('/quality')}>Quality</a></p>
      <Panel title="Session">
        <form class="form form-grid" aria-label="New calibration session" onSubmit={form.handleSubmit}>
          <Field form={form} name="title" label="Title" maxLength={200} wide />
          <Field form={form} name="case_id" label="Case number" hint="The case every reviewer scores; its assignee is the person scored." />
          <Field form={form} name="scorecard_id" label="Scorecard" emptyOption="Choose…" options={(cards.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: String(c.id), label: c.name }))} />
          <Field form={form} name="deadline_at" label="Deadline" type="datetime-local" hint="Scores are taken until then (your local time)." />
          <CheckboxGroupField form={form} name="reviewer_ids" label="Reviewers (two or more)" options={reviewers} />
          <FormFooter form={form} submitLabel="Open the session" />
        </form>
      </Panel>
    </div>
  );
}

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
