// Skills, rosters and work allocation (docs/TEAM.md): the records the API
// returns, its calls, and who may do what (the policy table's team.lead and
// team.reports, for showing or hiding controls; the server decides).

import { request } from './api';
import type { Page, Role } from './records';

export type AllocationMode = 'manual' | 'suggest' | 'automatic';
export const ALLOCATION_MODES: readonly { value: AllocationMode; label: string }[] = [
  { value: 'manual', label: 'Manual: people assign cases by hand' },
  { value: 'suggest', label: 'Suggest: the rules suggest, people assign' },
  { value: 'automatic', label: 'Automatic: the rules assign new cases' },
];

export type Presence = 'available' | 'absent' | 'off_shift' | 'inactive';
export const PRESENCE_LABELS: Record<Presence, string> = {
  available: 'Available',
  absent: 'Absent',
  off_shift: 'Off shift',
  inactive: 'Inactive',
};

export interface Skill {
  id: number;
  name: string;
  label: string;
  case_level: number;
}

export interface MatrixGoal {
  id: number;
  user_id: number;
  skill_id: number;
  skill: string;
  target_level: number;
  due_on: string;
  mentor_id: number;
  mentor_name: string;
}

export interface SkillMatrix {
  team_id: number;
  skills: Skill[];
  people: { user_id: number; name: string; role: Role; presence: Presence; levels: Record<string, number>; goals: MatrixGoal[] }[];
}

export interface TeamAvailability {
  team_id: number;
  mode: AllocationMode;
  from: string;
  slot_minutes: number;
  available_now: number;
  people: { user_id: number; name: string; presence: Presence; slots: number[] }[];
}

export interface RosterEntry {
  id: number;
  user_id: number;
  user_name: string;
  kind: 'shift' | 'absence';
  starts_at: string;
  ends_at: string;
  reason: string | null;
  note: string | null;
}

export interface TeamAllocation {
  team_id: number;
  mode: AllocationMode;
  calendar_id: number | null;
  max_load: number;
  version: number;
}

export interface AllocationCandidate {
  user_id: number;
  name: string;
  verdict: string;
  presence: Presence;
  load: number;
  open: number;
  urgent: number;
  text: string;
}

export interface CaseAllocation {
  id: number;
  kind: 'automatic' | 'suggestion' | 'manual';
  assignee_id: number | null;
  assignee_name: string | null;
  rule: string;
  risk: 'low' | 'medium' | 'high';
  stretch: number;
  mentor_name: string | null;
  reason: string | null;
  summary: string;
  rationale: { rule_text: string; rules_choice_name: string | null; needs: { skill: string; level: number; known: boolean }[]; candidates: AllocationCandidate[] };
  decided_by_name: string | null;
  at: string;
}

export interface FairnessPerson {
  user_id: number;
  name: string;
  cases: number;
  priorities: Record<'1' | '2' | '3' | '4', number>;
  urgent: number;
  complexity: number;
  stretch: number;
  manual: number;
  outliers: Record<'cases' | 'urgent' | 'complexity', 'high' | 'low' | null>;
}

export interface AllocationFairness {
  team_id: number;
  from: string;
  to: string;
  mean: { cases: number; urgent: number; complexity: number };
  people: FairnessPerson[];
}

export const getSkillMatrix = (teamId: number): Promise<SkillMatrix> => request('GET', '/skills/matrix', { query: { team_id: teamId } });
export const getTeamAvailability = (teamId: number, hours: number): Promise<TeamAvailability> =>
  request('GET', `/teams/${teamId}/availability`, { query: { hours } });
export const listRoster = (teamId: number, from: string, to: string): Promise<Page<RosterEntry>> =>
  request('GET', '/roster', { query: { team_id: teamId, from, to, limit: 200 } });
export const getTeamAllocation = (teamId: number): Promise<TeamAllocation> => request('GET', `/teams/${teamId}/allocation`);
export const putTeamAllocation = (teamId: number, settings: Pick<TeamAllocation, 'mode' | 'calendar_id' | 'max_load'>): Promise<TeamAllocation> =>
  request('PUT', `/teams/${teamId}/allocation`, { body: settings });
export const listCaseAllocations = (caseId: number): Promise<Page<CaseAllocation>> => request('GET', `/cases/${caseId}/allocations`, { query: { limit: 20 } });
export const allocateCase = (caseId: number): Promise<CaseAllocation> => request('POST', `/cases/${caseId}/allocate`);
export const assignCase = (caseId: number, assigneeId: number, reason: string): Promise<CaseAllocation> =>
  request('POST', `/cases/${caseId}/assignment`, { body: reason ? { assignee_id: assigneeId, reason } : { assignee_id: assigneeId } });
export const getAllocationFairness = (teamId: number, from: string, to: string): Promise<AllocationFairness> =>
  request('GET', '/reports/allocation-fairness', { query: { team_id: teamId, from, to } });

/** team.lead: change skills, goals, rosters and the allocation mode (a team leader: their own team). */
export const canLeadTeams = (role: Role): boolean => role === 'team_leader' || role === 'cs_manager' || role === 'admin';
/** team.reports: the fairness report. */
export const canReadFairness = (role: Role): boolean => role !== 'agent';
