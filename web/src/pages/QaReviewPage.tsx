// One QA review: the form that rates each criterion of the scorecard (by
// section; "not applicable" leaves a criterion out; a negative rating of a
// root-cause criterion asks for its cause), or the submitted review with its
// score, result, corrective actions (a leader adds one by hand) and the
// reviewed person's response.

import { useState } from 'preact/hooks';
import { Badge } from '../components/Badge';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { blankToNull, formatDate, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import {
  ACTION_KINDS,
  canManageQuality,
  createQaAction,
  createReview,
  getReview,
  getScorecard,
  listQaActions,
  respondToReview,
  ROOT_CAUSES,
  SCALE_RANGE,
  scoreReview,
  type Criterion,
  type Rating,
  type Review,
  type Scorecard,
} from '../quality';
import { labelFor } from '../records';
import type { SessionUser } from '../records';
import { href } from '../router';
import { ResultBadge } from './QualityPage';

/** A rating below half its scale is negative (docs/QUALITY.md). */
const negative = (c: Criterion, rating: number | null) => {
  const [lo, hi] = SCALE_RANGE[c.scale] ?? [0, 1];
  return rating !== null && (rating - lo) / (hi - lo) < 0.5;
};

function RatingForm({ card, onSubmit }: { card: Scorecard; onSubmit: (ratings: Rating[], comment: string) => Promise<unknown> }) {
  const [values, setValues] = useState<Record<string, Rating>>(() => Object.fromEntries(card.criteria.map((c) => [c.key, { key: c.key, rating: null }])));
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const set = (key: string, change: Partial<Rating>) => setValues((v) => ({ ...v, [key]: { ...v[key], key, rating: v[key]?.rating ?? null, ...change } }));
  const sections = [...new Set(card.criteria.map((c) => c.section ?? ''))];
  const submit = (event: Event) => {
    event.preventDefault();
    const ratings = card.criteria.map((c) => {
      const r = values[c.key] ?? { key: c.key, rating: null };
      return { key: c.key, rating: r.rating, ...(r.comment ? { comment: r.comment } : {}), ...(r.root_cause && negative(c, r.rating) ? { root_cause: r.root_cause } : {}) };
    });
    onSubmit(ratings, comment).catch(setError);
  };
  return (
    <form class="qa-form" aria-label="QA review" onSubmit={submit}>
      {sections.map((section) => (
        <fieldset key={section}>
          {section && <legend>{section}</legend>}
          {card.criteria.filter((c) => (c.section ?? '') === section).map((c) => {
            const [lo, hi] = SCALE_RANGE[c.scale] ?? [0, 1];
            const r = values[c.key];
            const choices = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
            return (
              <div class="field qa-criterion" key={c.key}>
                <label for={`rate-${c.key}`}>{c.label}{c.critical ? ' (critical)' : ''}{` — weight ${c.weight}`}</label>
                <select id={`rate-${c.key}`} value={r?.rating === null || r?.rating === undefined ? '' : String(r.rating)}
                  onInput={(event) => set(c.key, { rating: event.currentTarget.value === '' ? null : Number(event.currentTarget.value) })}>
                  <option value="">Not applicable</option>
                  {choices.map((n) => <option key={n} value={String(n)}>{c.scale === 'pass_fail' ? (n ? 'Pass' : 'Fail') : String(n)}</option>)}
                </select>
                <input aria-label={`Comment on ${c.label}`} placeholder="Comment" value={r?.comment ?? ''} onInput={(event) => set(c.key, { comment: event.currentTarget.value })} />
                {c.root_cause && negative(c, r?.rating ?? null) && (
                  <select aria-label={`Root cause of ${c.label}`} value={r?.root_cause ?? ''} onInput={(event) => set(c.key, { root_cause: event.currentTarget.value })}>
                    <option value="">Root cause…</option>
                    {ROOT_CAUSES.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      <div class="field">
        <label for="review-comment">Overall comment</label>
        <textarea id="review-comment" value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
      </div>
      <ErrorAlert error={error} />
      <button type="submit" class="button button--primary">Submit review</button>
    </form>
  );
}

/** The review's corrective actions, and for a leader the form that adds one (coaching, training, side-by-side…). */
function ReviewActions({ review, user, raised }: { review: Review; user: SessionUser; raised: number | null }) {
  const actions = useAsync(() => listQaActions({ review_id: review.id }), [review.id, raised]);
  const users = useUsers();
  const form = useForm({
    initial: { kind: 'refresher_training', title: '', owner_id: '', due_on: todayIsoDate(-14), description: '' },
    required: ['kind', 'title', 'owner_id', 'due_on'],
    onSubmit: async (v) => {
      await createQaAction({ review_id: review.id, kind: v.kind, title: v.title.trim(), owner_id: Number(v.owner_id), due_on: v.due_on, description: blankToNull(v.description) });
      form.reset({ ...v, title: '', description: '' });
      actions.reload();
    },
  });
  const manager = canManageQuality(user.role);
  if (!manager && (actions.data?.items.length ?? 0) === 0) return null;
  return (
    <Panel title="Corrective actions">
      <ErrorAlert error={actions.error} />
      <ul class="plain-list">
        {(actions.data?.items ?? []).map((a) => (
          <li key={a.id} class="qa-action">
            <strong>{a.title}</strong>{` — ${labelFor(ACTION_KINDS, a.kind)}, owner ${a.owner_name}, due ${formatDate(a.due_on)} `}
            <Badge tone={a.status === 'done' ? 'good' : 'warning'}>{a.status.replace('_', ' ')}</Badge>
          </li>
        ))}
      </ul>
      {actions.data?.items.length === 0 && <p class="muted">No corrective action.</p>}
      {manager && (
        <form class="form form-grid" aria-label="Add a corrective action" onSubmit={form.handleSubmit}>
          <Field form={form} name="kind" label="Kind" options={ACTION_KINDS} />
          <Field form={form} name="title" label="Action" maxLength={200} />
          <Field form={form} name="owner_id" label="Owner" emptyOption="Choose…" options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.display_name }))} />
          <Field form={form} name="due_on" label="Due" type="date" />
          <Field form={form} name="description" label="Description" multiline wide />
          <FormFooter form={form} submitLabel="Add action" />
        </form>
      )}
    </Panel>
  );
}

function ReviewResult({ review, user, onChange }: { review: Review; user: SessionUser; onChange: (r: Review) => void }) {
  const [response, setResponse] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const card = useAsync(() => getScorecard(review.scorecard_id), [review.scorecard_id]);
  const label = (key: string) => card.data?.criteria.find((c) => c.key === key)?.label ?? key;
  return (
    <>
      <Panel title="Result">
        <p class="qa-result">
          <span>{`Score ${review.score ?? '—'}`}</span> <ResultBadge review={review} />
        </p>
        <table class="data-table">
          <caption>Ratings</caption>
          <thead><tr><th>Criterion</th><th>Rating</th><th>Score</th><th>Comment</th><th>Root cause</th></tr></thead>
          <tbody>
            {review.ratings.map((r) => (
              <tr key={r.key}><td>{label(r.key)}</td><td>{r.rating ?? 'n/a'}</td><td>{r.score ?? ''}</td><td>{r.comment ?? ''}</td><td>{r.root_cause ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
        {review.comment && <p>{review.comment}</p>}
        {review.corrective_action && (
          <p class="qa-corrective" role="status">
            {`Corrective action raised: ${review.corrective_action.title}, owner ${review.corrective_action.owner_name}, due ${review.corrective_action.due_on}`}
          </p>
        )}
      </Panel>
      {review.kind !== 'calibration' && <ReviewActions review={review} user={user} raised={review.corrective_action?.id ?? null} />}
      <Panel title="Response">
        {review.response ? <p>{review.response}</p> : <p class="muted">No response yet.</p>}
        {review.agent_id === user.id && (
          <form aria-label="Respond" onSubmit={(event) => { event.preventDefault(); respondToReview(review.id, response).then(onChange, setError); }}>
            <textarea aria-label="Your response" value={response} onInput={(event) => setResponse(event.currentTarget.value)} />
            <ErrorAlert error={error} />
            <button type="submit" class="button">Send response</button>
          </form>
        )}
      </Panel>
    </>
  );
}

export function QaReviewPage({ reviewId, user }: { reviewId: number; user: SessionUser }) {
  useDocumentTitle(`Review ${reviewId}`);
  const review = useAsync(() => getReview(reviewId), [reviewId]);
  const card = useAsync(() => (review.data ? getScorecard(review.data.scorecard_id) : Promise.resolve(null)), [review.data?.scorecard_id]);
  const r = review.data;
  return (
    <div class="page">
      <h1>{`QA review ${reviewId}`}</h1>
      <ErrorAlert error={review.error} />
      {r && (
        <p>
          {`${r.scorecard_name} · ${r.agent_name} · reviewer ${r.reviewer_name} · `}
          {r.case_id && <a href={href(`/cases/${r.case_id}`)}>{`Case ${r.case_id}`}</a>}
        </p>
      )}
      {r?.status === 'queued' && r.reviewer_id === user.id && card.data && (
        <RatingForm card={card.data} onSubmit={(ratings, comment) => scoreReview(r.id, { ratings, ...(comment ? { comment } : {}) }).then(review.setData)} />
      )}
      {r?.status === 'submitted' && <ReviewResult review={r} user={user} onChange={review.setData} />}
    </div>
  );
}

export function NewQaReviewPage({ caseId, scorecardId, user }: { caseId: number; scorecardId: number; user: SessionUser }) {
  useDocumentTitle('New QA review');
  const card = useAsync(() => getScorecard(scorecardId), [scorecardId]);
  const [done, setDone] = useState<Review | null>(null);
  return (
    <div class="page">
      <h1>{`Review case ${caseId}`}</h1>
      <p><a href={href(`/cases/${caseId}`)}>{`Open case ${caseId}`}</a></p>
      <ErrorAlert error={card.error} />
      {!done && card.data && (
        <RatingForm card={card.data} onSubmit={(ratings, comment) => createReview({ scorecard_id: scorecardId, case_id: caseId, ratings, ...(comment ? { comment } : {}) }).then(setDone)} />
      )}
      {done && <ReviewResult review={done} user={user} onChange={setDone} />}
    </div>
  );
}
