// A team: how it allocates work (the mode, which its leader and managers
// set), the skills matrix (people × skills, development goals marked), the
// roster (who is available over the next hours, shifts and absences this
// week) and, for leaders, managers, HR and auditors, the fairness of
// allocation. The team and the report's range are kept in the URL.

import { useId, useState } from 'preact/hooks';
import {
  ALLOCATION_MODES,
  canLeadTeams,
  canReadFairness,
  getSkillMatrix,
  getTeamAllocation,
  getTeamAvailability,
  listRoster,
  PRESENCE_LABELS,
  putTeamAllocation,
  type AllocationMode,
  type SkillMatrix,
  type TeamAvailability,
} from '../allocation';
import { ErrorAlert } from '../components/ErrorAlert';
import { FairnessReport } from '../components/FairnessReport';
import { DateRangeFields } from '../components/Field';
import { Panel } from '../components/Panel';
import { formatDate, formatDateTime, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useTeams, useUsers } from '../hooks/useUsers';
import type { SessionUser } from '../records';
import { navigate } from '../router';

const HOURS = 8;

export function TeamPage({ user, query }: { user: SessionUser; query: URLSearchParams }) {
  useDocumentTitle('Team');
  const teams = useTeams();
  const users = useUsers();
  const own = users.data?.find((u) => u.id === user.id)?.team_id ?? null;
  const chosen = Number(query.get('team_id')) || own || teams.data?.[0]?.id || null;
  const from = query.get('from') || todayIsoDate(90);
  const to = query.get('to') || todayIsoDate();
  const teamSelect = useId();
  const show = (changes: Record<string, string>) => navigate('/team', { query: { team_id: String(chosen ?? ''), from, to, ...changes }, replace: true });
  return (
    <div class="page">
      <h1>Team</h1>
      <form class="filter-bar" aria-label="Team" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for={teamSelect}>Team</label>
          <select id={teamSelect} value={chosen ?? ''} onInput={(event) => show({ team_id: event.currentTarget.value })}>
            {(teams.data ?? []).map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorAlert error={teams.error} />
      {chosen && (
        <div key={chosen}>
          <AllocationModePanel teamId={chosen} canChange={canLeadTeams(user.role) && (user.role !== 'team_leader' || own === chosen)} />
          <SkillsMatrixPanel teamId={chosen} />
          <RosterPanel teamId={chosen} />
          {canReadFairness(user.role) && (user.role !== 'team_leader' || own === chosen) && (
            <>
              <form class="filter-bar" aria-label="Fairness range" onSubmit={(event) => event.preventDefault()}>
                <DateRangeFields fromLabel="Allocated from" from={from} to={to} onFrom={(date) => show({ from: date })} onTo={(date) => show({ to: date })} />
              </form>
              <FairnessReport teamId={chosen} from={from} to={to} />
            </>
          )}
        </div>
      )}
    </div>
  );
}

function AllocationModePanel({ teamId, canChange }: { teamId: number; canChange: boolean }) {
  const settings = useAsync(() => getTeamAllocation(teamId), [teamId]);
  const [failure, setFailure] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const change = (mode: AllocationMode) => {
    if (!settings.data) return;
    setFailure(null);
    setSaved(false);
    putTeamAllocation(teamId, { mode, calendar_id: settings.data.calendar_id, max_load: settings.data.max_load }).then(
      (next) => {
        settings.setData(next);
        setSaved(true);
      },
      (error: Error) => setFailure(error),
    );
  };
  return (
    <Panel title="Allocation mode">
      <ErrorAlert error={settings.error ?? failure} />
      {settings.data && (
        <div class="field">
          <label for={id}>How new cases are allocated</label>
          <select id={id} value={settings.data.mode} disabled={!canChange} onInput={(event) => change(event.currentTarget.value as AllocationMode)}>
            {ALLOCATION_MODES.map((mode) => (
              <option key={mode.value} value={mode.value}>
                {mode.label}
              </option>
            ))}
          </select>
          <p class="muted">{`Workload limit ${settings.data.max_load} points per person.${saved ? ' Saved.' : ''}`}</p>
        </div>
      )}
    </Panel>
  );
}

function SkillsMatrixPanel({ teamId }: { teamId: number }) {
  const matrix = useAsync(() => getSkillMatrix(teamId), [teamId]);
  return (
    <Panel title="Skills matrix">
      <ErrorAlert error={matrix.error} />
      {matrix.data && <MatrixTable matrix={matrix.data} />}
    </Panel>
  );
}

function MatrixTable({ matrix }: { matrix: SkillMatrix }) {
  if (matrix.people.length === 0 || matrix.skills.length === 0) return <p class="empty">No people or no skills yet.</p>;
  return (
    <div class="table-scroll">
      <table class="data-table skills-matrix" aria-label="Skills matrix">
        <thead>
          <tr>
            <th scope="col">Person</th>
            {matrix.skills.map((skill) => (
              <th key={skill.id} scope="col" title={`cases need level ${skill.case_level}`}>
                {skill.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.people.map((person) => (
            <tr key={person.user_id}>
              <th scope="row">{person.name}</th>
              {matrix.skills.map((skill) => {
                const level = person.levels[skill.name] ?? 0;
                const goal = person.goals.find((g) => g.skill === skill.name);
                return (
                  <td key={skill.id} class={`level level--${level}${goal ? ' level--goal' : ''}`}>
                    {level || '–'}
                    {goal && <span class="goal" title={`Goal: level ${goal.target_level} by ${formatDate(goal.due_on)}, mentor ${goal.mentor_name}`}>{` → ${goal.target_level}`}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Levels 0 (none) to 4 (expert); “→ 3” marks a development goal, with its date and mentor on hover.</p>
    </div>
  );
}

function RosterPanel({ teamId }: { teamId: number }) {
  const availability = useAsync(() => getTeamAvailability(teamId, HOURS), [teamId]);
  const entries = useAsync(() => listRoster(teamId, todayIsoDate(), todayIsoDate(-7)), [teamId]);
  return (
    <Panel title="Roster">
      <ErrorAlert error={availability.error ?? entries.error} />
      {availability.data && <AvailabilityGrid availability={availability.data} />}
      {entries.data && entries.data.items.length > 0 && (
        <ul class="roster-entries" aria-label="Shifts and absences this week">
          {entries.data.items.map((e) => (
            <li key={e.id}>{`${e.user_name}: ${e.kind === 'absence' ? `away (${e.reason ?? 'other'})` : 'shift'} ${formatDateTime(e.starts_at)} – ${formatDateTime(e.ends_at)}`}</li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function AvailabilityGrid({ availability }: { availability: TeamAvailability }) {
  const slotTime = (i: number) => new Date(Date.parse(availability.from) + i * availability.slot_minutes * 60_000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return (
    <>
      <p class="muted">{`${availability.available_now} available now; the next ${HOURS} hours in half-hour slots from ${slotTime(0)}.`}</p>
      <div class="table-scroll">
        <table class="data-table availability" aria-label="Availability">
          <tbody>
            {availability.people.map((person) => (
              <tr key={person.user_id}>
                <th scope="row">{person.name}</th>
                <td>{PRESENCE_LABELS[person.presence]}</td>
                <td class="slots">
                  {person.slots.map((on, i) => (
                    <span key={i} class={on ? 'slot slot--on' : 'slot'} title={`${slotTime(i)}: ${on ? 'available' : 'not available'}`} />
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
