// The scorecard editor: name, pass mark and criteria (optionally in
// sections), each with its scale, weight, critical flag and whether a
// negative rating asks for its root cause. The server checks the weights.

import { useState } from 'preact/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { createScorecard, getScorecard, patchScorecard, SCALES, type Criterion, type Scorecard } from '../quality';
import { navigate } from '../router';

const blank = (n: number): Criterion => ({ key: `criterion_${n}`, section: null, label: '', scale: 'five_point', weight: 1, critical: false, root_cause: false });

function Editor({ card }: { card: Scorecard | null }) {
  const [name, setName] = useState(card?.name ?? '');
  const [passMark, setPassMark] = useState(String(card?.pass_mark ?? 80));
  const [criteria, setCriteria] = useState<Criterion[]>(card?.criteria ?? [blank(1)]);
  const [error, setError] = useState<Error | null>(null);
  const change = (i: number, c: Partial<Criterion>) => setCriteria((all) => all.map((x, j) => (j === i ? { ...x, ...c } : x)));
  const save = (event: Event) => {
    event.preventDefault();
    const body = { name, pass_mark: Number(passMark), criteria: criteria.map((c) => ({ ...c, section: c.section || null })) };
    const saved = card ? patchScorecard(card.id, card.version, body) : createScorecard(body);
    saved.then((s) => navigate(`/quality/scorecards/${s.id}`, { replace: true }), setError);
  };
  return (
    <form class="scorecard-form" aria-label="Scorecard" onSubmit={save}>
      <div class="field"><label for="card-name">Name</label><input id="card-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required /></div>
      <div class="field"><label for="card-pass">Pass mark</label><input id="card-pass" type="number" min="0" max="100" value={passMark} onInput={(e) => setPassMark(e.currentTarget.value)} /></div>
      <table class="data-table">
        <caption>Criteria</caption>
        <thead><tr><th>Key</th><th>Section</th><th>Label</th><th>Scale</th><th>Weight</th><th>Critical</th><th>Root cause</th><th /></tr></thead>
        <tbody>
          {criteria.map((c, i) => (
            <tr key={i}>
              <td><input aria-label={`Key ${i + 1}`} value={c.key} onInput={(e) => change(i, { key: e.currentTarget.value })} /></td>
              <td><input aria-label={`Section ${i + 1}`} value={c.section ?? ''} onInput={(e) => change(i, { section: e.currentTarget.value })} /></td>
              <td><input aria-label={`Label ${i + 1}`} value={c.label} onInput={(e) => change(i, { label: e.currentTarget.value })} /></td>
              <td>
                <select aria-label={`Scale ${i + 1}`} value={c.scale} onInput={(e) => change(i, { scale: e.currentTarget.value })}>
                  {SCALES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
                </select>
              </td>
              <td><input aria-label={`Weight ${i + 1}`} type="number" step="any" value={String(c.weight)} onInput={(e) => change(i, { weight: Number(e.currentTarget.value) })} /></td>
              <td><input aria-label={`Critical ${i + 1}`} type="checkbox" checked={c.critical} onInput={(e) => change(i, { critical: e.currentTarget.checked })} /></td>
              <td><input aria-label={`Root cause ${i + 1}`} type="checkbox" checked={c.root_cause} onInput={(e) => change(i, { root_cause: e.currentTarget.checked })} /></td>
              <td><button type="button" class="button button--small" onClick={() => setCriteria((all) => all.filter((_, j) => j !== i))}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="button" onClick={() => setCriteria((all) => [...all, blank(all.length + 1)])}>Add criterion</button>
      <ErrorAlert error={error} />
      <button type="submit" class="button button--primary">Save scorecard</button>
    </form>
  );
}

export function ScorecardPage({ scorecardId }: { scorecardId: number | null }) {
  useDocumentTitle(scorecardId ? `Scorecard ${scorecardId}` : 'New scorecard');
  const card = useAsync(() => (scorecardId ? getScorecard(scorecardId) : Promise.resolve(null)), [scorecardId]);
  return (
    <div class="page">
      <h1>{card.data ? card.data.name : 'New scorecard'}</h1>
      <ErrorAlert error={card.error} />
      {!card.loading && <Editor key={card.data?.version ?? 0} card={card.data ?? null} />}
    </div>
  );
}
