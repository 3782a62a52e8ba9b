// Surveys, answers, feedback and the satisfaction report (docs/SATISFACTION.md):
// their shapes, the calls for them (the public page's two calls need no
// session), and who may read them (surveys.read: all but HR) or record
// feedback (those who work cases).

import { request } from './api';
import type { Page, Role } from './records';

export const SURVEY_TYPES = [
  { value: 'csat', label: 'CSAT' },
  { value: 'nps', label: 'NPS' },
  { value: 'ces', label: 'CES' },
] as const;
export type SurveyType = (typeof SURVEY_TYPES)[number]['value'];

export const SATISFACTION_GROUPINGS = [
  { value: 'month', label: 'Month' },
  { value: 'team', label: 'Team' },
  { value: 'agent', label: 'Agent' },
  { value: 'account', label: 'Account' },
  { value: 'case_type', label: 'Case type' },
  { value: 'product', label: 'Product' },
  { value: 'survey', label: 'Survey' },
] as const;

export const FEEDBACK_KINDS = [
  { value: 'focus_group', label: 'Focus group' },
  { value: 'site_visit', label: 'Site visit' },
  { value: 'mystery_shopping', label: 'Mystery shopping' },
  { value: 'free_comment', label: 'Free comment' },
] as const;

export interface PublicSurvey {
  name: string;
  type: SurveyType;
  question: string;
  scale_min: number;
  scale_max: number;
  high_is_good: boolean;
  low_label: string | null;
  high_label: string | null;
  comment_prompt: string | null;
  custom_questions: string[];
  expires_at: string;
}

export interface SurveyResponse {
  id: number;
  survey_id: number;
  survey_name: string;
  account_id: number;
  contact_id: number;
  contact_name: string;
  case_id: number | null;
  survey_type: SurveyType;
  question: string;
  score: number;
  scale_min: number;
  scale_max: number;
  high_is_good: boolean;
  low_score: boolean;
  comment: string | null;
  answers: { question: string; answer: string }[];
  answered_at: string;
}

export interface SatisfactionFigure {
  survey_type: SurveyType;
  scale: { min: number; max: number; high_is_good: boolean };
  answers: number;
  small_sample: boolean;
  value: number | null;
}

export interface SatisfactionGroup {
  key: number | string | null;
  label: string | null;
  figures: SatisfactionFigure[];
  invited: number;
  answered: number;
  response_rate: number | null;
  response_rate_small_sample: boolean;
}

export interface SatisfactionReport {
  group_by: string;
  from: string;
  to: string;
  small_sample_below: number;
  groups: SatisfactionGroup[];
}

export interface FeedbackRecord {
  id: number;
  version: number;
  kind: string;
  account_id: number | null;
  account_name: string | null;
  occurred_on: string;
  title: string;
  summary: string;
  themes: string[];
  recorded_by_name: string | null;
}

export interface FeedbackInput {
  kind: string;
  account_id?: number | null;
  occurred_on: string;
  title: string;
  summary: string;
  themes: string[];
}

export interface ThemeCount {
  month: string;
  theme: string;
  count: number;
}

export const openSurveyLink = (token: string): Promise<PublicSurvey> => request('POST', '/survey-links/open', { body: { token } });

export const answerSurveyLink = (token: string, answer: { score: number; comment: string | null; answers: string[] }): Promise<{ message: string }> =>
  request('POST', '/survey-links/answer', { body: { token, ...answer } });

export const listSurveyResponses = (accountId: number, after: string | undefined): Promise<Page<SurveyResponse>> =>
  request('GET', '/survey-responses', { query: { account_id: accountId, after } });

export interface SatisfactionFilters {
  group_by: string;
  from: string;
  to: string;
  survey_type?: string;
}

export const getSatisfactionReport = (filters: SatisfactionFilters): Promise<SatisfactionReport> =>
  request('GET', '/reports/satisfaction', { query: { ...filters } });

export const getFeedbackThemes = (from: string, to: string): Promise<{ themes: ThemeCount[] }> =>
  request('GET', '/reports/feedback-themes', { query: { from, to } });

export const listFeedback = (after: string | undefined): Promise<Page<FeedbackRecord>> => request('GET', '/feedback', { query: { after } });

export const createFeedback = (input: FeedbackInput): Promise<FeedbackRecord> => request('POST', '/feedback', { body: input });

export function canReadSurveys(role: Role): boolean {
  return role !== 'hr';
}

export function canWriteFeedback(role: Role): boolean {
  return role !== 'hr' && role !== 'auditor';
}

/** "CSAT 62.5%", "NPS +12", "CES 3.4 of 1-7" — a figure in its own unit. */
export function formatFigure(figure: SatisfactionFigure): string {
  if (figure.value === null) return '—';
  if (figure.survey_type === 'csat') return `${figure.value.toFixed(1)}%`;
  if (figure.survey_type === 'nps') return `${figure.value > 0 ? '+' : ''}${figure.value.toFixed(0)}`;
  return `${figure.value.toFixed(2)} (${figure.scale.min}-${figure.scale.max}, ${figure.scale.high_is_good ? 'high is easy' : 'high is effort'})`;
}
