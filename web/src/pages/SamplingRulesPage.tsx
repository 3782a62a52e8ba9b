// Spot-check sampling (docs/QUALITY.md): the rules — team, scorecard,
// reviewer, checks per person per week, what to draw from — a form to add
// or change one, and drawing a week's sample now, with what was drawn.

import { useState } from 'preact/hooks';
import { Badge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { CheckboxField, Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { labelFor } from '../records';
import { todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { useTeams, useUsers } from '../hooks/useUsers';
import { createSamplingRule, getSamplingRule, listSamplingRules, listScorecards, mayReview, patchSamplingRule, runSamplingRule, SAMPLE_SOURCES, type SamplingRule, type SamplingRun } from '../quality';
import { href } from '../router';
import { saveAndShow } from '../versionedSave';

function RuleForm({ rule, onSaved }: { rule: SamplingRule | null; onSaved: () => void }) {
  const teams = useTeams(), users = useUsers();
  const cards = useAsync(listScorecards, []);
  const form = useForm({
    initial: {
      name: rule?.name ?? '',
      team_id: rule ? String(rule.team_id) : '',
      scorecard_id: rule ? String(rule.scorecard_id) : '',
      reviewer_id: rule ? String(rule.reviewer_id) : '',
      per_week: String(rule?.per_week ?? 2),
      source: rule?.source ?? 'cases',
      active: rule && !rule.active ? '' : 'true',
    },
    required: ['name', 'team_id', 'scorecard_id', 'reviewer_id', 'per_week'],
    onSubmit: async (v) => {
      const body = { name: v.name.trim(), team_id: Number(v.team_id), scorecard_id: Number(v.scorecard_id), reviewer_id: Number(v.reviewer_id), per_week: Number(v.per_week), source: v.source, active: v.active === 'true' };
      if (rule) await saveAndShow({ save: () => patchSamplingRule(rule, body), load: () => getSamplingRule(rule.id), show: onSaved, staleMessage: 'Someone else changed this rule meanwhile; it is shown as it is now.' });
      else await createSamplingRule(body).then(onSaved);
    },
  });
  return (
    <form class="form form-grid" aria-label={rule ? `Change ${rule.name}` : 'New sampling rule'} onSubmit={form.handleSubmit}>
      <Field form={form} name="name" label="Name" maxLength={200} wide />
      <Field form={form} name="team_id" label="Team" emptyOption="Choose…" options={(teams.data ?? []).map((t) => ({ value: String(t.id), label: t.name }))} />
      <Field form={form} name="scorecard_id" label="Scorecard" emptyOption="Choose…" options={(cards.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: String(c.id), label: c.name }))} />
      <Field form={form} name="reviewer_id" label="Reviewer" emptyOption="Choose…" options={(users.data ?? []).filter((u) => u.active && mayReview(u.role)).map((u) => ({ value: String(u.id), label: u.display_name }))} />
      <Field form={form} name="per_week" label="Spot checks per person per week" type="number" min={1} max={20} />
      <Field form={form} name="source" label="Drawn from" options={SAMPLE_SOURCES} />
      <CheckboxField form={form} name="active" label="Active" />
      <FormFooter form={form} submitLabel={rule ? 'Save rule' : 'Add rule'} />
    </form>
  );
}

function RunForm({ rule }: { rule: SamplingRule }) {
  const [week, setWeek] = useState(todayIsoDate(7));
  const [result, setResult] = useState<SamplingRun | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = (event: Event) => {
    event.preventDefault();
    setError(null);
    runSamplingRule(rule.id, week).then(setResult, setError);
  };
  return (
    <form class="filter-bar" aria-label={`Run ${rule.name}`} onSubmit={run}>
      <div class="field">
        <label for={`week-${rule.id}`}>A day of the week</label>
        <input id={`week-${rule.id}`} type="date" value={week} onInput={(e) => setWeek(e.currentTarget.value)} required />
      </div>
      <button type="submit" class="button" disabled={!rule.active}>Draw this week's sample</button>
      <ErrorAlert error={error} />
      {result && (
        <p class="notice" role="status">
          {`Week of ${result.week}: ${result.drawn.length} spot check${result.drawn.length === 1 ? '' : 's'} queued for ${rule.reviewer_name}`}
          {result.people_already_drawn > 0 && `; ${result.people_already_drawn} already drawn for that week`}
          {result.drawn.length > 0 && ': '}
          {result.drawn.map((r) => <a key={r.id} class="ref" href={href(`/quality/reviews/${r.id}`)}>{`review ${r.id} (${r.agent_name}) `}</a>)}
        </p>
      )}
    </form>
  );
}

export function SamplingRulesPage() {
  useDocumentTitle('Sampling rules');
  const rules = useAsync(listSamplingRules, []);
  const [editing, setEditing] = useState<SamplingRule | null>(null);
  const saved = () => {
    setEditing(null);
    rules.reload();
  };
  const columns: Column<SamplingRule>[] = [
    { header: 'Rule', cell: (r) => r.name },
    { header: 'Team', cell: (r) => r.team_name },
    { header: 'Reviewer', cell: (r) => r.reviewer_name },
    { header: 'Per person and week', cell: (r) => r.per_week, align: 'numeric' },
    { header: 'From', cell: (r) => labelFor(SAMPLE_SOURCES, r.source) },
    { header: 'Active', cell: (r) => (r.active ? <Badge tone="good">Active</Badge> : <Badge tone="neutral">Off</Badge>) },
    { header: '', cell: (r) => <button type="button" class="button button--small" onClick={() => setEditing(r)}>{`Change ${r.name}`}</button> },
  ];
  return (
    <div class="page">
      <h1>Sampling rules</h1>
      <p><a href={href('/quality')}>Quality</a></p>
      <ErrorAlert error={rules.error} />
      <Panel title="Rules">
        <DataTable caption="Spot-check sampling rules" columns={columns} rows={rules.data?.items ?? []} rowKey={(r) => r.id} />
        {rules.data?.items.length === 0 && <p class="muted">No sampling rules yet.</p>}
      </Panel>
      <Panel title={editing ? `Change ${editing.name}` : 'New sampling rule'}>
        <RuleForm key={editing ? `${editing.id}-${editing.version}` : 'new'} rule={editing} onSaved={saved} />
        {editing && <button type="button" class="button" onClick={() => setEditing(null)}>Cancel</button>}
      </Panel>
      <Panel title="Draw a week's spot checks">
        {(rules.data?.items ?? []).map((r) => (
          <div key={r.id}>
            <h3>{r.name}</h3>
            <RunForm rule={r} />
          </div>
        ))}
      </Panel>
    </div>
  );
}
