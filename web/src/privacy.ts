// Data protection (docs/PRIVACY.md): the shapes and calls of /api/v1/privacy —
// subject access exports, erasure of a contact, the retention report and its
// periods — and who may use them (privacy.read: HR, admins, auditors;
// privacy.admin: admins; privacy.staff: HR and admins).

import { request } from './api';
import type { Role } from './records';

export type RetentionKindName =
  | 'closed_cases'
  | 'mail_bodies'
  | 'survey_comments'
  | 'audit_personal'
  | 'sessions'
  | 'quarantine'
  | 'idempotency';

export interface RetentionKind {
  kind: RetentionKindName;
  action: 'anonymise' | 'delete';
  summary: string;
  days: number | null;
  cutoff: string | null;
  due_now: number;
  next_due_at: string | null;
}

export interface RetentionReport {
  at: string;
  kinds: RetentionKind[];
}

export interface RetentionRun {
  at: string;
  applied: { kind: RetentionKindName; changed: number }[];
}

export interface PrivacyExport {
  subject: 'contact' | 'user';
  id: number;
  generated_at: string;
  data: Record<string, unknown>;
  html: string;
}

export interface PrivacyErasure {
  contact_id: number;
  erasure_id: number;
  erased_at: string;
  changed: Record<string, number>;
  audit_entries: number;
}

export const RETENTION_LABELS: Record<RetentionKindName, string> = {
  closed_cases: 'Closed cases',
  mail_bodies: 'Mail bodies and attachments',
  survey_comments: 'Survey comments',
  audit_personal: 'Personal fields in the audit trail',
  sessions: 'Ended sessions',
  quarantine: 'Quarantined mail',
  idempotency: 'Stored answers of repeated requests',
};

export const canReadPrivacy = (role: Role): boolean => role === 'hr' || role === 'admin' || role === 'auditor';
export const canAdministerPrivacy = (role: Role): boolean => role === 'admin';
export const canExportStaff = (role: Role): boolean => role === 'hr' || role === 'admin';

export const getRetention = (): Promise<RetentionReport> => request('GET', '/privacy/retention');
export const setRetention = (kind: RetentionKindName, days: number | null): Promise<RetentionKind> =>
  request('PUT', '/privacy/retention', { body: { kind, days } });
export const runRetention = (): Promise<RetentionRun> => request('POST', '/privacy/retention/run', { body: {} });
export const exportSubject = (subject: 'contacts' | 'users', id: number): Promise<PrivacyExport> =>
  request('POST', `/privacy/${subject}/${id}/export`, { body: {} });
export const eraseContact = (id: number, reason: string): Promise<PrivacyErasure> =>
  request('POST', `/privacy/contacts/${id}/erasure`, { body: { reason } });
