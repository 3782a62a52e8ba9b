// Setting surveys up and inviting by hand (docs/SATISFACTION.md): a survey's
// definition with its trigger, the invitations with the state each is in,
// the calls for them, and who may do what (surveys.admin: CS and quality
// managers and admins; surveys.send: those and team leaders).

import { request } from './api';
import type { PageFetcher } from './endpoints';
import type { Option, Page, Role } from './records';
import type { PublicSurvey, SurveyResponse } from './surveys';

export const SURVEY_TRIGGERS: readonly Option[] = [
  { value: 'manual', label: 'By hand only' },
  { value: 'case_resolved', label: 'After a case is resolved' },
  { value: 'relationship', label: 'Relationship survey per account, on a schedule' },
];

/** A survey's definition: the wording and scale its public page shows, and its trigger. */
export interface Survey extends Omit<PublicSurvey, 'expires_at' | 'custom_questions'> {
  id: number;
  version: number;
  custom_questions: string[] | null;
  trigger_kind: 'manual' | 'case_resolved' | 'relationship';
  case_types: string[] | null;
  delay_hours: number;
  every_days: number | null;
  cap_days: number;
  expires_days: number;
  follow_up_owner_id: number | null;
  active: boolean;
}

export type SurveyInput = Omit<Survey, 'id' | 'version'>;

/** Who was asked which survey (named as an answer names them), how, and how far it has gone. */
export interface SurveyInvitation extends Pick<SurveyResponse, 'id' | 'survey_id' | 'survey_name' | 'account_id' | 'contact_id' | 'contact_name' | 'case_id'> {
  delivery: 'email' | 'link';
  mail_status: 'pending' | 'sending' | 'sent' | 'failed' | 'not_mailed';
  mail_detail: string | null;
  send_after: string;
  sent_at: string | null;
  expires_at: string | null;
  answered_at: string | null;
  created_at: string;
  /** Only in the answer that made a link invitation: forgedesk cannot show it again. */
  link?: string;
}

export const listSurveys: PageFetcher<Survey> = (after) => request('GET', '/surveys', { query: { after, limit: 200 } });
export const getSurvey = (id: number): Promise<Survey> => request('GET', `/surveys/${id}`);
export const createSurvey = (body: SurveyInput): Promise<Survey> => request('POST', '/surveys', { body });
export const patchSurvey = (survey: Survey, body: Partial<SurveyInput>): Promise<Survey> =>
  request('PATCH', `/surveys/${survey.id}`, { body, ifMatch: survey.version });

export const listInvitations = (surveyId: string, after: string | undefined): Promise<Page<SurveyInvitation>> =>
  request('GET', '/survey-invitations', { query: { survey_id: surveyId, after, limit: 50 } });
export const inviteContact = (body: { survey_id: number; contact_id: number; case_id?: number; delivery: string }): Promise<SurveyInvitation> =>
  request('POST', '/survey-invitations', { body });

export const canAdminSurveys = (role: Role): boolean => role === 'cs_manager' || role === 'quality_manager' || role === 'admin';
export const canSendSurveys = (role: Role): boolean => canAdminSurveys(role) || role === 'team_leader';

export type InvitationState = 'answered' | 'expired' | 'waiting' | 'sending' | 'sent' | 'failed' | 'handed_over';

/** Where an invitation stands at `now`: answered, else expired, else how far its link has gone out. */
export function invitationState(inv: SurveyInvitation, now: string): InvitationState {
  if (inv.answered_at) return 'answered';
  if (inv.expires_at && inv.expires_at <= now) return 'expired';
  if (inv.mail_status === 'not_mailed') return 'handed_over';
  if (inv.mail_status === 'pending') return 'waiting';
  return inv.mail_status;
}

export const INVITATION_STATES: Record<InvitationState, string> = {
  answered: 'Answered',
  expired: 'Expired',
  waiting: 'Waiting to be sent',
  sending: 'Sending',
  sent: 'Sent, not answered',
  failed: 'Mail failed',
  handed_over: 'Link handed over, not answered',
};

/** "After resolved complaints and returns, 24 h later, at most once in 30 days per contact". */
export function describeTrigger(s: Survey, caseTypeLabel: (type: string) => string): string {
  const cap = `at most once in ${s.cap_days} days per contact`;
  if (s.trigger_kind === 'case_resolved') {
    const types = s.case_types?.length ? s.case_types.map(caseTypeLabel).join(', ') : 'all types';
    return `After resolved cases (${types}), ${s.delay_hours} h later, ${cap}`;
  }
  if (s.trigger_kind === 'relationship') return `Each account every ${s.every_days ?? '?'} days, ${cap}`;
  return 'By hand only';
}
