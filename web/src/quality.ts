// Quality checks and team meetings (docs/QUALITY.md): the records the API
// returns, the calls that fetch and change them, and the role rules the
// pages follow (the server decides; these only hide what would be refused).

import { request } from './api';
import type { Option, Page, Role } from './records';

interface Stored {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export const SCALES: readonly Option[] = [
  { value: 'pass_fail', label: 'Pass / fail' },
  { value: 'three_point', label: '3-point' },
  { value: 'four_point', label: '4-point' },
  { value: 'five_point', label: '5-point' },
];
/** The lowest and highest rating of each scale. */
export const SCALE_RANGE: Record<string, [number, number]> = {
  pass_fail: [0, 1],
  three_point: [1, 3],
  four_point: [1, 4],
  five_point: [1, 5],
};
export const ROOT_CAUSES: readonly Option[] = [
  { value: 'knowledge', label: 'Knowledge' },
  { value: 'skill', label: 'Skill' },
  { value: 'process', label: 'Process' },
  { value: 'tools', label: 'Tools' },
  { value: 'behaviour', label: 'Behaviour' },
  { value: 'other', label: 'Other' },
];

export interface Criterion {
  key: string;
  section: string | null;
  label: string;
  scale: string;
  weight: number;
  critical: boolean;
  root_cause: boolean;
}
export interface Scorecard extends Stored {
  name: string;
  description: string | null;
  pass_mark: number;
  criteria: Criterion[];
  active: boolean;
}
export interface Rating {
  key: string;
  rating: number | null;
  score?: number | null;
  comment?: string | null;
  root_cause?: string | null;
}
export interface QaAction extends Stored {
  review_id: number;
  agent_id: number;
  agent_name: string;
  owner_id: number;
  owner_name: string;
  kind: string;
  title: string;
  description: string | null;
  due_on: string;
  status: string;
  outcome: string | null;
  done_at: string | null;
}
export interface Review extends Stored {
  scorecard_id: number;
  scorecard_name: string;
  kind: 'spot_check' | 'audit' | 'calibration';
  case_id: number | null;
  interaction_id: number | null;
  agent_id: number;
  agent_name: string;
  reviewer_id: number;
  reviewer_name: string;
  calibration_id: number | null;
  status: 'queued' | 'submitted';
  ratings: Rating[];
  score: number | null;
  passed: boolean | null;
  critical_failed: number | null;
  comment: string | null;
  submitted_at: string | null;
  response: string | null;
  responded_at: string | null;
  corrective_action?: QaAction | null;
}
export interface Spread {
  n: number;
  min: number | null;
  max: number | null;
  range: number | null;
  mean: number | null;
  stddev: number | null;
}
export interface Calibration extends Stored {
  title: string;
  scorecard_name: string;
  case_id: number | null;
  agent_name: string;
  deadline_at: string;
  open?: boolean;
  spread?: { overall: Spread; criteria: (Spread & { key: string; label: string })[] };
  reviews?: Review[];
}
export interface ScorePoint {
  period: string;
  reviews: number;
  score: number;
  passed: number;
  failed: number;
  pass_rate: number;
}
export interface Scores {
  agent_id: number | null;
  team_id: number | null;
  period: 'month' | 'week';
  from: string;
  to: string;
  points: ScorePoint[];
  overall: ScorePoint | null;
}
export interface MeetingAction extends Stored {
  meeting_id: number;
  meeting_title: string;
  title: string;
  owner_id: number;
  owner_name: string;
  due_on: string;
  done: boolean;
  done_at: string | null;
}
export interface Meeting extends Stored {
  kind: 'briefing' | 'team_meeting';
  title: string;
  team_id: number | null;
  held_at: string;
  organiser_id: number;
  organiser_name: string;
  agenda: string[] | null;
  attendee_ids: number[];
  notes: string | null;
  decisions: string[] | null;
  case_ids: number[] | null;
  kpis: string[] | null;
  actions?: MeetingAction[];
}
export interface OpenActions {
  user_id: number;
  meeting_actions: MeetingAction[];
  qa_actions: QaAction[];
}

/** Who sets up scorecards, reviews and calibrates (qa.manage). */
export const canManageQuality = (role: Role): boolean => role === 'team_leader' || role === 'cs_manager' || role === 'quality_manager';
/** Who records meetings (meetings.write). */
export const canRecordMeetings = (role: Role): boolean => canManageQuality(role) || role === 'admin';

export const listScorecards = (): Promise<Page<Scorecard>> => request('GET', '/qa/scorecards', { query: { limit: 200 } });
export const getScorecard = (id: number): Promise<Scorecard> => request('GET', `/qa/scorecards/${id}`);
export type ScorecardInput = Pick<Scorecard, 'name' | 'pass_mark' | 'criteria'> & { description?: string | null };
export const createScorecard = (body: ScorecardInput): Promise<Scorecard> => request('POST', '/qa/scorecards', { body });
export const patchScorecard = (id: number, version: number, body: Partial<ScorecardInput>): Promise<Scorecard> =>
  request('PATCH', `/qa/scorecards/${id}`, { body, ifMatch: version });

export const listReviews = (query: Record<string, string | number | undefined>): Promise<Page<Review>> =>
  request('GET', '/qa/reviews', { query: { limit: 100, ...query } });
export const getReview = (id: number): Promise<Review> => request('GET', `/qa/reviews/${id}`);
export const createReview = (body: { scorecard_id: number; case_id: number; ratings?: Rating[]; comment?: string }): Promise<Review> =>
  request('POST', '/qa/reviews', { body });
export const scoreReview = (id: number, body: { ratings: Rating[]; comment?: string }): Promise<Review> =>
  request('POST', `/qa/reviews/${id}/score`, { body });
export const respondToReview = (id: number, response: string): Promise<Review> =>
  request('POST', `/qa/reviews/${id}/response`, { body: { response } });

export const listQaActions = (query: Record<string, string | number | undefined>): Promise<Page<QaAction>> =>
  request('GET', '/qa/actions', { query: { limit: 100, ...query } });
export const patchQaAction = (id: number, version: number, body: Partial<Pick<QaAction, 'status' | 'outcome'>>): Promise<QaAction> =>
  request('PATCH', `/qa/actions/${id}`, { body, ifMatch: version });

export const listCalibrations = (): Promise<Page<Calibration>> => request('GET', '/qa/calibrations', { query: { limit: 50 } });
export const getCalibration = (id: number): Promise<Calibration> => request('GET', `/qa/calibrations/${id}`);
export const getScores = (query: Record<string, string | number | undefined>): Promise<Scores> => request('GET', '/qa/scores', { query });

export const listMeetings = (): Promise<Page<Meeting>> => request('GET', '/meetings', { query: { limit: 50 } });
export const getMeeting = (id: number): Promise<Meeting> => request('GET', `/meetings/${id}`);
export const createMeeting = (body: Partial<Meeting>): Promise<Meeting> => request('POST', '/meetings', { body });
export const addMeetingAction = (id: number, body: { title: string; owner_id: number; due_on: string }): Promise<MeetingAction> =>
  request('POST', `/meetings/${id}/actions`, { body });
export const setMeetingActionDone = (action: MeetingAction, done: boolean): Promise<MeetingAction> =>
  request('PATCH', `/meeting-actions/${action.id}`, { body: { done }, ifMatch: action.version });
export const getOpenActions = (): Promise<OpenActions> => request('GET', '/actions/open');

export const SAMPLE_SOURCES: readonly Option[] = [
  { value: 'cases', label: 'Closed cases' },
  { value: 'interactions', label: 'Interactions' },
  { value: 'both', label: 'Both' },
];
export interface SamplingRule extends Stored {
  name: string;
  team_id: number;
  team_name: string;
  scorecard_id: number;
  reviewer_id: number;
  reviewer_name: string;
  per_week: number;
  source: string;
  seed: number;
  active: boolean;
}
export type SamplingRuleInput = Pick<SamplingRule, 'name' | 'team_id' | 'scorecard_id' | 'reviewer_id' | 'per_week' | 'source' | 'active'> & { seed?: number };
export interface SamplingRun {
  week: string;
  drawn: Review[];
  people_already_drawn: number;
}
export const listSamplingRules = (): Promise<Page<SamplingRule>> => request('GET', '/qa/sampling-rules', { query: { limit: 200 } });
export const getSamplingRule = (id: number): Promise<SamplingRule> => request('GET', `/qa/sampling-rules/${id}`);
export const createSamplingRule = (body: SamplingRuleInput): Promise<SamplingRule> => request('POST', '/qa/sampling-rules', { body });
export const patchSamplingRule = (rule: SamplingRule, body: Partial<SamplingRuleInput>): Promise<SamplingRule> =>
  request('PATCH', `/qa/sampling-rules/${rule.id}`, { body, ifMatch: rule.version });
export const runSamplingRule = (id: number, weekOf: string): Promise<SamplingRun> =>
  request('POST', `/qa/sampling-rules/${id}/run`, { body: { week_of: weekOf } });

export const createCalibration = (body: { title: string; scorecard_id: number; case_id: number; deadline_at: string; reviewer_ids: number[] }): Promise<Calibration> =>
  request('POST', '/qa/calibrations', { body });

export const ACTION_KINDS: readonly Option[] = [
  { value: 'coaching', label: 'Coaching' },
  { value: 'refresher_training', label: 'Refresher training' },
  { value: 'side_by_side', label: 'Side-by-side' },
  { value: 'other', label: 'Other' },
];
export const createQaAction = (body: { review_id: number; owner_id: number; kind: string; title: string; description: string | null; due_on: string }): Promise<QaAction> =>
  request('POST', '/qa/actions', { body });

/** KPI names a meeting may refer to (any other name is allowed too). */
export const KPI_SUGGESTIONS: readonly string[] = ['sla_compliance', 'qa_score', 'csat', 'nps', 'ces', 'first_response_time', 'backlog', 'complaints_open'];

/** Who may be a QA reviewer (qa.manage). */
export const mayReview = (role: Role): boolean => canManageQuality(role);
