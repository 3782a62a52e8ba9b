// Performance management (docs/PERFORMANCE-MANAGEMENT.md): scorecards,
// signals, objectives with their SMART check, one-to-ones and feedback, and
// the calls that fetch and change them. The server keeps a person's records
// to them, their line managers and HR; the pages only follow what it answers.

import { request } from './api';

export interface TrendPoint {
  period: string;
  value: number | null;
  /** false for the running period, which the standard is not judged on yet */
  complete: boolean;
}

export interface KpiStandard {
  id: number;
  kpi: string;
  target: number;
  objective_id: number;
  objective_title: string;
  signal_periods: number;
  signal_period: 'week' | 'month';
}

export interface ScorecardLine {
  kpi: string;
  unit: string;
  higher_is_better: boolean;
  period: 'week' | 'month';
  current: number | null;
  trend: TrendPoint[];
  standard: KpiStandard | null;
  meets?: boolean | null;
  periods_below?: number;
  signal?: boolean;
}

export interface Scorecard {
  person_id: number;
  person_name: string;
  kpis: ScorecardLine[];
}

export interface Signal {
  person_id: number;
  person_name: string;
  kpi: string;
  period: string;
  target: number;
  periods_below: number;
  message: string;
}

export interface SmartLetter {
  letter: string;
  holds: boolean;
  why?: string;
}

export interface Objective {
  id: number;
  version: number;
  level: 'organisation' | 'team' | 'personal';
  title: string;
  description: string | null;
  owner_id: number | null;
  parent_id: number | null;
  metric: string | null;
  baseline: number | null;
  target: number | null;
  deadline: string | null;
  status: string;
  smart: { holds: boolean; letters: SmartLetter[] };
  progress: { current: number; share: number } | null;
}

export interface OneToOneAction {
  title: string;
  owner_id: number;
  due_on: string;
  done?: boolean;
}

export interface OneToOne {
  id: number;
  version: number;
  person_id: number;
  manager_id: number;
  manager_name: string;
  held_on: string;
  person_preparation: string | null;
  manager_preparation: string | null;
  goal: string | null;
  reality: string | null;
  options: string | null;
  way_forward: string | null;
  actions: OneToOneAction[];
}

export interface PerformanceFeedback {
  id: number;
  given_on: string;
  kind: string;
  author_name: string;
  situation: string;
  behaviour: string;
  impact: string;
}

export interface PerformanceCaseStage {
  stage: string;
  on: string;
  notes?: string;
  outcome?: string;
  companion?: string;
  companion_offered?: boolean;
  notice_on?: string;
  response?: string;
  skip_informal_reason?: string;
  plan_ends_on?: string;
  support?: string[];
  objective_ids?: number[];
  milestones?: { title: string; due_on: string }[];
  review_dates?: string[];
  serious_impact_reason?: string;
  exceptional_reason?: string;
  appeal_result?: string;
}

export interface CaseEvidence {
  kind: string;
  note: string;
  ref_id?: number;
  period?: string;
}

export const CAUSES = ['training', 'resources', 'workload', 'personal_circumstances', 'health'] as const;
export type Causes = Record<(typeof CAUSES)[number], string>;

export interface PerformanceCase {
  id: number;
  person_id: number;
  person_name: string;
  kind: 'capability' | 'conduct';
  concern: string;
  stage: string;
  evidence: CaseEvidence[];
  causes: Causes | null;
  stages: PerformanceCaseStage[];
  next?: { stage: string; needs: string[] }[];
  created_at: string;
  version: number;
}

export interface PerformanceLetter {
  id: number;
  case_id: number;
  kind: string;
  subject: string;
  body: string;
  status: 'draft' | 'issued';
  issued_at: string | null;
  issued_by_name: string | null;
  version: number;
}

export interface AppraisalCycle {
  id: number;
  name: string;
  period_from: string;
  period_to: string;
  weight_objectives: number;
  weight_kpis: number;
  weight_feedback: number;
  weight_self: number;
  status: 'open' | 'closed';
  version: number;
}

export interface Appraisal {
  id: number;
  cycle_id: number;
  cycle_name: string;
  person_id: number;
  manager_name: string;
  objectives_score: number | null;
  kpis_score: number | null;
  feedback_score: number | null;
  self_score: number | null;
  self_assessment: string | null;
  manager_comment: string | null;
  status: 'open' | 'completed';
  components: { component: string; weight: number; score: number | null; used: boolean }[];
  overall: number | null;
  version: number;
}

interface Items<T> {
  items: T[];
}

export const KPI_LABELS: Record<string, string> = {
  cases_handled: 'Cases handled',
  first_response_minutes: 'First response (minutes)',
  resolution_hours: 'Resolution (hours)',
  first_contact_resolution: 'First-contact resolution (%)',
  sla_compliance: 'SLA compliance (%)',
  csat: 'CSAT (%)',
  qa_score: 'QA score',
  reopen_rate: 'Reopen rate (%)',
};

export const SMART_LABELS: Record<string, string> = {
  specific: 'Specific',
  measurable: 'Measurable',
  achievable: 'Achievable',
  relevant: 'Relevant',
  time_bound: 'Time-bound',
};

export const getScorecard = (personId: number): Promise<Scorecard> => request('GET', `/people/${personId}/scorecard`);
export const getSignals = (): Promise<Items<Signal>> => request('GET', '/performance/signals');
export const listObjectives = (ownerId?: number): Promise<Items<Objective>> =>
  request('GET', '/objectives', { query: { owner_id: ownerId } });
export const checkObjective = (body: Partial<Objective>): Promise<Objective['smart']> =>
  request('POST', '/objectives/smart-check', { body });
export const createObjective = (body: Partial<Objective>): Promise<Objective> => request('POST', '/objectives', { body });
export const listOneToOnes = (personId: number): Promise<Items<OneToOne>> =>
  request('GET', '/one-to-ones', { query: { person_id: personId } });
export const createOneToOne = (body: Partial<OneToOne>): Promise<OneToOne> => request('POST', '/one-to-ones', { body });
export const getOneToOne = (id: number): Promise<OneToOne> => request('GET', `/one-to-ones/${id}`);
/** The person's own preparation: the one part of a one-to-one they may change. */
export const saveOwnPreparation = (m: OneToOne, text: string | null): Promise<OneToOne> =>
  request('PATCH', `/one-to-ones/${m.id}`, { body: { person_preparation: text }, ifMatch: m.version });
export const givePerformanceFeedback = (body: Omit<PerformanceFeedback, 'id' | 'author_name'> & { person_id: number }): Promise<PerformanceFeedback> =>
  request('POST', '/performance-feedback', { body });
export const FEEDBACK_KINDS = [
  { value: 'praise', label: 'Praise' },
  { value: 'development', label: 'Development' },
];
export const listPerformanceCases = (personId: number): Promise<Items<PerformanceCase>> =>
  request('GET', '/performance-cases', { query: { person_id: personId } });
export const getPerformanceCase = (id: number): Promise<PerformanceCase> => request('GET', `/performance-cases/${id}`);
export const openPerformanceCase = (body: Partial<PerformanceCase>): Promise<PerformanceCase> =>
  request('POST', '/performance-cases', { body });
export const changePerformanceCase = (c: PerformanceCase, body: Partial<PerformanceCase>): Promise<PerformanceCase> =>
  request('PATCH', `/performance-cases/${c.id}`, { body, ifMatch: c.version });
export const recordCaseStage = (id: number, body: Partial<PerformanceCaseStage>): Promise<PerformanceCase> =>
  request('POST', `/performance-cases/${id}/stages`, { body });
export const listCaseLetters = (id: number): Promise<Items<PerformanceLetter>> => request('GET', `/performance-cases/${id}/letters`);
export const editLetter = (l: PerformanceLetter, body: Partial<PerformanceLetter>): Promise<PerformanceLetter> =>
  request('PATCH', `/performance-letters/${l.id}`, { body, ifMatch: l.version });
export const issueLetter = (id: number): Promise<PerformanceLetter> => request('POST', `/performance-letters/${id}/issue`);
/** The evidence pack is a page the server renders; opened in a tab of its own. */
export const evidencePackUrl = (id: number, anonymise: boolean): string =>
  `/api/v1/performance-cases/${id}/evidence-pack${anonymise ? '?anonymise=true' : ''}`;
export const listCycles = (): Promise<Items<AppraisalCycle>> => request('GET', '/appraisal-cycles');
export const createCycle = (body: Partial<AppraisalCycle>): Promise<AppraisalCycle> => request('POST', '/appraisal-cycles', { body });
export const listAppraisals = (personId: number): Promise<Items<Appraisal>> =>
  request('GET', '/appraisals', { query: { person_id: personId } });
export const openAppraisal = (body: Partial<Appraisal>): Promise<Appraisal> => request('POST', '/appraisals', { body });
export const changeAppraisal = (a: Appraisal, body: Partial<Appraisal>): Promise<Appraisal> =>
  request('PATCH', `/appraisals/${a.id}`, { body, ifMatch: a.version });
export const listPerformanceFeedback = (personId: number): Promise<Items<PerformanceFeedback>> =>
  request('GET', '/performance-feedback', { query: { person_id: personId } });
