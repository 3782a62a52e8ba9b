// The email channel (docs/MAIL.md): the shapes of mails in and out, their
// attachments, the triage queue, the quarantine and mailbox rules; the calls
// for /api/v1/mail/* and /mailbox-rules; their vocabularies; and who may
// (cases.read reads mail and the queues, cases.work assigns triage and
// retries, mail.admin — CS managers and admins — sets rules and reads the quarantine).

import { request } from './api';
import type { PageFetcher } from './endpoints';
import type { Case, CaseType, Page, Role } from './records';

export interface MailAttachment {
  id: number;
  mail_id: number;
  filename: string;
  content_type: string;
  size: number;
  /** 0 when it was over the size limit and only recorded. */
  stored: number;
  at: string;
}

export interface InboundMail {
  id: number;
  direction: 'inbound';
  outcome: 'case' | 'reply' | 'triage' | 'ignored';
  reason: string | null;
  from_address: string | null;
  from_name: string | null;
  to_address: string | null;
  subject: string | null;
  /** The text; HTML mail turned into text by the server, never markup. */
  body: string | null;
  case_id: number | null;
  event_id: number | null;
  account_id: number | null;
  size: number;
  at: string;
  /** In a case's mails only. */
  attachments?: MailAttachment[];
}

export const OUTBOX_STATUSES = [
  { value: 'queued', label: 'Queued' },
  { value: 'sending', label: 'Sending' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]['value'];

export const MAIL_KINDS = [
  { value: 'reply', label: 'Reply' },
  { value: 'case_opened', label: 'Receipt' },
  { value: 'complaint_acknowledgement', label: 'Complaint acknowledgement' },
  { value: 'sla_escalation', label: 'SLA escalation' },
  { value: 'survey_invitation', label: 'Survey invitation' },
] as const;

export interface OutboundMail {
  id: number;
  kind: (typeof MAIL_KINDS)[number]['value'];
  case_id: number | null;
  event_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface CaseMails {
  inbound: InboundMail[];
  outbound: OutboundMail[];
}

export interface Quarantined {
  id: number;
  reason: string;
  size: number;
  at: string;
}

export interface MailboxRule {
  id: number;
  address: string;
  case_type: CaseType;
  team_id: number | null;
  team_name: string | null;
  priority: number;
  version: number;
}

export interface MailboxRuleInput {
  address: string;
  case_type: CaseType;
  team_id: number | null;
  priority: number;
}

export interface TriageAssignment {
  account_id: number;
  contact_id?: number;
  type?: CaseType;
  priority?: number;
}

/** Failed mail, and queued mail waiting for its next try, may be sent again now. */
export const mayRetry = (mail: OutboundMail): boolean => mail.status === 'failed' || (mail.status === 'queued' && mail.attempts > 0);

/** mail.admin: CS managers and admins. */
export function canAdministerMail(role: Role): boolean {
  return role === 'cs_manager' || role === 'admin';
}

/** Where an attachment downloads from (served as a download with safe headers, never rendered). */
export const attachmentUrl = (id: number): string => `/api/v1/mail/attachments/${id}`;

export const getCaseMails = (caseId: number): Promise<CaseMails> => request('GET', `/cases/${caseId}/mails`);

export const retryOutboundMail = (id: number): Promise<OutboundMail> => request('POST', `/mail/outbox/${id}/retry`);

/** Newest first; empty filters are left out. */
export const listOutbox = (status: string, after: string | undefined): Promise<Page<OutboundMail>> =>
  request('GET', '/mail/outbox', { query: { status, after, limit: 50 } });

export const listTriage: PageFetcher<InboundMail> = (after) => request('GET', '/mail/triage', { query: { after, limit: 50 } });

export const assignTriage = (mailId: number, assignment: TriageAssignment): Promise<Case> =>
  request('POST', `/mail/triage/${mailId}/assign`, { body: assignment });

export const listQuarantine: PageFetcher<Quarantined> = (after) => request('GET', '/mail/quarantine', { query: { after, limit: 50 } });

export const listMailboxRules: PageFetcher<MailboxRule> = (after) => request('GET', '/mailbox-rules', { query: { after, limit: 200 } });

export const createMailboxRule = (input: MailboxRuleInput): Promise<MailboxRule> => request('POST', '/mailbox-rules', { body: input });

export const deleteMailboxRule = (rule: MailboxRule): Promise<void> =>
  request('DELETE', `/mailbox-rules/${rule.id}`, { ifMatch: rule.version });

/** `Jonas Meyer <j.meyer@example.de>`, or the bare address. */
export function senderOf(mail: InboundMail): string {
  const address = mail.from_address ?? 'unknown sender';
  return mail.from_name ? `${mail.from_name} <${address}>` : address;
}

/** `1.2 MB`, `340 kB`, `12 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1000) return `${Math.round(bytes / 1000)} kB`;
  return `${bytes} B`;
}
