// The record shapes of docs/API.md as TypeScript types, and the fixed
// vocabularies (statuses, tiers, channels…) with the labels the UI shows.

import type { TaskStatus } from './tasks';

export interface Option {
  value: string;
  label: string;
}

export function labelFor(options: readonly Option[], value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return options.find((option) => option.value === value)?.label ?? value;
}

/** The value if it is one of the options (e.g. from the URL), else the fallback. */
export function optionOr<T extends string>(options: readonly { value: T }[], value: string | null, fallback: T): T {
  return options.find((option) => option.value === value)?.value ?? fallback;
}

export const ROLES = [
  { value: 'agent', label: 'Agent' },
  { value: 'team_leader', label: 'Team leader' },
  { value: 'cs_manager', label: 'CS manager' },
  { value: 'quality_manager', label: 'Quality manager' },
  { value: 'hr', label: 'HR' },
  { value: 'admin', label: 'Administrator' },
  { value: 'auditor', label: 'Auditor' },
] as const;

export const ACCOUNT_STATUSES = [
  { value: 'prospect', label: 'Prospect' },
  { value: 'active', label: 'Active' },
  { value: 'at_risk', label: 'At risk' },
  { value: 'lost', label: 'Lost' },
  { value: 'won_back', label: 'Won back' },
] as const;

export const ACCOUNT_TIERS = [
  { value: 'A', label: 'A' },
  { value: 'B', label: 'B' },
  { value: 'C', label: 'C' },
] as const;

export const AUDIENCES = [
  { value: 'technical', label: 'Technical' },
  { value: 'commercial', label: 'Commercial' },
] as const;

export const CONSENTS = [
  { value: 'not_asked', label: 'Not asked' },
  { value: 'given', label: 'Given' },
  { value: 'withdrawn', label: 'Withdrawn' },
] as const;

export const LAWFUL_BASES = [
  { value: 'consent', label: 'Consent' },
  { value: 'contract', label: 'Contract' },
  { value: 'legitimate_interests', label: 'Legitimate interests' },
  { value: 'legal_obligation', label: 'Legal obligation' },
] as const;

export const CHANNELS = [
  { value: 'phone', label: 'Phone' },
  { value: 'email', label: 'Email' },
  { value: 'visit', label: 'Visit' },
  { value: 'portal', label: 'Portal' },
  { value: 'meeting', label: 'Meeting' },
] as const;

export const DIRECTIONS = [
  { value: 'inbound', label: 'Inbound' },
  { value: 'outbound', label: 'Outbound' },
] as const;

export const SERVICE_EVENT_KINDS = [
  { value: 'installation', label: 'Installation' },
  { value: 'service', label: 'Service' },
  { value: 'repair', label: 'Repair' },
  { value: 'inspection', label: 'Inspection' },
  { value: 'calibration', label: 'Calibration' },
] as const;

export const TIMELINE_KINDS = [
  { value: 'interaction', label: 'Interaction' },
  { value: 'order', label: 'Order' },
  { value: 'service_event', label: 'Service' },
  { value: 'case', label: 'Case' },
  { value: 'task', label: 'Task' },
  { value: 'survey', label: 'Survey' },
] as const;

export const CASE_STATUSES = [
  { value: 'new', label: 'New' },
  { value: 'open', label: 'Open' },
  { value: 'waiting_on_customer', label: 'Waiting on customer' },
  { value: 'waiting_on_internal', label: 'Waiting on internal' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
  { value: 'reopened', label: 'Reopened' },
] as const;

export const CASE_TYPES = [
  { value: 'enquiry', label: 'Enquiry' },
  { value: 'technical_support', label: 'Technical support' },
  { value: 'complaint', label: 'Complaint' },
  { value: 'return', label: 'Return (RMA)' },
  { value: 'order_change', label: 'Order change' },
  { value: 'internal_request', label: 'Internal request' },
] as const;

/** 1 is the most urgent (a customer's line is down); 3 is the default. */
export const CASE_PRIORITIES = [
  { value: '1', label: 'P1 · line down' },
  { value: '2', label: 'P2 · urgent' },
  { value: '3', label: 'P3 · normal' },
  { value: '4', label: 'P4 · whenever convenient' },
] as const;

/** The ISO 10002 complaint steps, in order (docs/CASES.md). */
export const COMPLAINT_STEPS = [
  { value: 'received', label: 'Received' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'assessed', label: 'Assessed' },
  { value: 'investigated', label: 'Investigated' },
  { value: 'root_cause', label: 'Root cause' },
  { value: 'decided', label: 'Decided' },
  { value: 'communicated', label: 'Communicated' },
  { value: 'closed', label: 'Closed' },
  { value: 'followed_up', label: 'Followed up' },
] as const;

export const SEVERITIES = [
  { value: 'minor', label: 'Minor' },
  { value: 'major', label: 'Major' },
  { value: 'critical', label: 'Critical' },
  { value: 'safety', label: 'Safety' },
] as const;

/** The 6M root-cause categories. */
export const CAUSE_CATEGORIES = [
  { value: 'man', label: 'Man' },
  { value: 'machine', label: 'Machine' },
  { value: 'method', label: 'Method' },
  { value: 'material', label: 'Material' },
  { value: 'measurement', label: 'Measurement' },
  { value: 'environment', label: 'Environment' },
] as const;

export const REMEDIES = [
  { value: 'replace', label: 'Replace' },
  { value: 'repair', label: 'Repair' },
  { value: 'credit', label: 'Credit' },
  { value: 'explain', label: 'Explain' },
  { value: 'other', label: 'Other' },
] as const;

/** Lowest first: a complaint is escalated only upwards. */
export const ESCALATION_LEVELS = [
  { value: 'front_line', label: 'Front line' },
  { value: 'team_leader', label: 'Team leader' },
  { value: 'quality_manager', label: 'Quality manager' },
  { value: 'director', label: 'Director' },
  { value: 'external', label: 'External' },
] as const;

/** What a complaint step may still need (`missing` in `next` and in a 409). */
export const COMPLAINT_NEEDS = [
  { value: 'severity', label: 'severity' },
  { value: 'impact', label: 'impact' },
  { value: 'investigation', label: 'investigation findings' },
  { value: 'root_cause', label: 'root cause (five whys or a 6M category)' },
  { value: 'remedy', label: 'remedy' },
  { value: 'resolution', label: 'resolution' },
  { value: 'capa', label: 'a CAPA (the root cause is systemic)' },
  { value: 'escalation', label: 'the escalation the severity demands' },
  { value: 'satisfaction', label: 'whether the customer was satisfied' },
] as const;

export const CAPA_STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
] as const;

export const EFFECTIVENESS = [
  { value: 'verified_effective', label: 'Verified effective' },
  { value: 'not_effective', label: 'Not effective' },
] as const;

/** How a case came in: the interaction channels plus `internal`. */
export const CASE_CHANNELS = [...CHANNELS, { value: 'internal', label: 'Internal' }] as const;

type ValueOf<T extends readonly Option[]> = T[number]['value'];

export type Role = ValueOf<typeof ROLES>;
export type AccountStatus = ValueOf<typeof ACCOUNT_STATUSES>;
export type AccountTier = ValueOf<typeof ACCOUNT_TIERS>;
export type Audience = ValueOf<typeof AUDIENCES>;
export type Consent = ValueOf<typeof CONSENTS>;
export type LawfulBasis = ValueOf<typeof LAWFUL_BASES>;
export type Channel = ValueOf<typeof CHANNELS>;
export type Direction = ValueOf<typeof DIRECTIONS>;
export type ServiceEventKind = ValueOf<typeof SERVICE_EVENT_KINDS>;
export type TimelineKind = ValueOf<typeof TIMELINE_KINDS>;
export type CaseStatus = ValueOf<typeof CASE_STATUSES>;
export type CaseType = ValueOf<typeof CASE_TYPES>;
export type CaseChannel = ValueOf<typeof CASE_CHANNELS>;
export type ComplaintStepName = ValueOf<typeof COMPLAINT_STEPS>;
export type Severity = ValueOf<typeof SEVERITIES>;
export type CauseCategory = ValueOf<typeof CAUSE_CATEGORIES>;
export type Remedy = ValueOf<typeof REMEDIES>;
export type EscalationLevel = ValueOf<typeof ESCALATION_LEVELS>;
export type ComplaintNeed = ValueOf<typeof COMPLAINT_NEEDS>;
export type CapaStatus = ValueOf<typeof CAPA_STATUSES>;
export type Effectiveness = ValueOf<typeof EFFECTIVENESS>;

/** A page of a collection; `next` is the cursor for the following page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

interface StoredRecord {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Team extends StoredRecord {
  name: string;
}

export interface User extends StoredRecord {
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  team_id: number | null;
  manager_id: number | null;
  active: boolean;
}

/** Who is signed in, as the session answer gives it. */
export type SessionUser = Pick<User, 'id' | 'username' | 'display_name' | 'role'>;

export interface Session {
  user: SessionUser;
  csrf_token: string;
}

export interface Account extends StoredRecord {
  name: string;
  sector: string | null;
  tier: AccountTier | null;
  status: AccountStatus;
  account_manager_id: number | null;
  account_manager_name: string | null;
  sla_contract: string | null;
  country: string | null;
  city: string | null;
  notes: string | null;
}

export type AccountInput = Partial<Omit<Account, keyof StoredRecord | 'account_manager_name'>>;

export interface Contact extends StoredRecord {
  account_id: number;
  name: string;
  job_title: string | null;
  audience: Audience;
  email: string | null;
  phone: string | null;
  consent: Consent;
  lawful_basis: LawfulBasis;
}

export type ContactInput = Partial<Omit<Contact, keyof StoredRecord>>;

export interface Interaction extends StoredRecord {
  account_id: number;
  contact_id: number | null;
  user_id: number;
  channel: Channel;
  direction: Direction;
  occurred_at: string;
  summary: string;
  order_id: number | null;
}

export type InteractionInput = Partial<Omit<Interaction, keyof StoredRecord>>;

export interface OrderLine {
  line_no: number;
  part_id: number | null;
  part_number: string;
  description: string | null;
  quantity: number;
  unit_price_minor: number | null;
}

export interface Order extends StoredRecord {
  account_id: number;
  number: string;
  ordered_on: string;
  promised_on: string | null;
  delivered_on: string | null;
  currency: string;
  value_minor: number;
  /** Only in the answer for one order, not in lists. */
  lines?: OrderLine[];
}

export interface ServiceEvent {
  id: number;
  occurred_on: string;
  kind: ServiceEventKind;
  summary: string;
  user_id: number | null;
}

export interface Asset extends StoredRecord {
  account_id: number;
  part_id: number | null;
  serial: string;
  model: string | null;
  site: string | null;
  installed_on: string | null;
  /** Newest first; only in the answer for one asset, not in lists. */
  service_events?: ServiceEvent[];
}

/**
 * One entry of an account's timeline. `title` is the interaction's channel, the
 * order's number or the service event's kind; the optional fields are the
 * extra details the server adds per kind.
 */
export interface TimelineItem {
  kind: TimelineKind;
  id: number;
  /** RFC 3339 UTC; orders and service events carry only a date (sent as that day's midnight UTC). */
  at: string;
  title: string;
  summary: string | null;
  /** The ids to follow: interaction_id, order_id, asset_id, contact_id… */
  ref: Record<string, number | null>;
  direction?: Direction;
  value_minor?: number;
  currency?: string;
  serial?: string | null;
  /** Cases and tasks only: the case's or the task's current status. */
  status?: CaseStatus | TaskStatus;
  /** Survey answers only: the score on its scale. */
  survey_type?: string;
  score?: number;
  scale_min?: number;
  scale_max?: number;
}

export interface Case extends StoredRecord {
  account_id: number;
  account_name: string;
  contact_id: number | null;
  assignee_id: number | null;
  assignee_name: string | null;
  team_id: number | null;
  type: CaseType;
  /** 1 (most urgent) to 4. */
  priority: number;
  subject: string;
  description: string | null;
  channel: CaseChannel | null;
  order_id: number | null;
  part_id: number | null;
  asset_id: number | null;
  required_skills: string[];
  status: CaseStatus;
  first_contact_resolution: boolean;
  reopen_count: number;
  inbound_replies: number;
  outbound_replies: number;
  opened_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  /** One case's answer only (not lists): its SLA clocks now, null when no policy applies. */
  sla?: CaseSla | null;
  /** Lists only: the worst clock's state when last computed, the time to breach and its clock. */
  sla_state?: SlaClockState | null;
  sla_due_at?: string | null;
  sla_at_risk?: SlaClockName | null;
}

export type CaseInput = Partial<
  Omit<Case, keyof StoredRecord | 'account_name' | 'assignee_name' | 'sla' | 'sla_state' | 'sla_due_at' | 'sla_at_risk' | 'status' | 'first_contact_resolution' | 'reopen_count' | 'inbound_replies' | 'outbound_replies' | 'opened_at' | 'resolved_at' | 'closed_at'>
>;

/** One entry of a case's timeline; `internal` ones (notes, assignment changes) are never shown to customers. */
export interface CaseEvent {
  id: number;
  case_id: number;
  kind: 'reply' | 'note' | 'status_change' | 'assignment_change' | 'complaint_step' | 'escalation' | 'sla_escalation' | 'mail_failed';
  /** Complaint steps only: the step taken. */
  step?: ComplaintStepName;
  visibility: 'public' | 'internal';
  direction: Direction | null;
  /** The reply or note; for a status change, its reason. */
  body: string | null;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  from_assignee_id: number | null;
  to_assignee_id: number | null;
  from_team_id: number | null;
  to_team_id: number | null;
  author_id: number | null;
  author_name: string | null;
  at: string;
}

export interface Part extends StoredRecord {
  part_number: string;
  name: string;
}

export interface ComplaintEscalation {
  id: number;
  case_id: number;
  level: EscalationLevel;
  reason: string;
  by_id: number | null;
  by_name: string | null;
  at: string;
}

/** A step that may follow, what it still needs and whether the signed-in user may take it. */
export interface ComplaintNextStep {
  step: ComplaintStepName;
  missing: ComplaintNeed[];
  permitted: boolean;
}

/** A complaint case's ISO 10002 record. */
export interface Complaint {
  case_id: number;
  step: ComplaintStepName;
  severity: Severity | null;
  impact: string | null;
  investigation: string | null;
  five_whys: string[] | null;
  cause_category: CauseCategory | null;
  systemic: boolean;
  remedy: Remedy | null;
  resolution: string | null;
  /** null until the follow-up. */
  satisfied: boolean | null;
  follow_up_note: string | null;
  escalation_level: EscalationLevel;
  acknowledged_at: string | null;
  communicated_at: string | null;
  closed_at: string | null;
  followed_up_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  escalations: ComplaintEscalation[];
  next: ComplaintNextStep[];
}

/** The body of a step: the step and that step's own fields. */
export interface ComplaintStepInput {
  step: ComplaintStepName;
  note?: string;
  severity?: Severity;
  impact?: string;
  investigation?: string;
  five_whys?: string[];
  cause_category?: CauseCategory;
  systemic?: boolean;
  remedy?: Remedy;
  resolution?: string;
  satisfied?: boolean;
  follow_up_note?: string;
}

/** A corrective and preventive action, raised from a complaint case. */
export interface Capa extends StoredRecord {
  case_id: number;
  title: string;
  description: string | null;
  owner_id: number;
  owner_name: string;
  /** A date, YYYY-MM-DD. */
  due_on: string;
  status: CapaStatus;
  /** Only once done, with effectiveness_note. */
  effectiveness: Effectiveness | null;
  effectiveness_note: string | null;
  verified_at: string | null;
  verified_by_id: number | null;
}

export type CapaInput = Partial<Omit<Capa, keyof StoredRecord | 'owner_name' | 'verified_at' | 'verified_by_id'>>;

export interface ComplaintPareto {
  from: string;
  to: string;
  total: number;
  /** Most frequent first. */
  categories: { category: CauseCategory; count: number; cumulative_percent: number }[];
}

export const COMPLAINT_GROUPINGS = [
  { value: 'category', label: 'Root-cause category' },
  { value: 'product', label: 'Product' },
  { value: 'account', label: 'Account' },
] as const;

export type ComplaintGrouping = ValueOf<typeof COMPLAINT_GROUPINGS>;

export interface ComplaintsOverTimeGroup {
  /** The category, part id or account id; null for "not yet known", "no part", "other accounts". */
  key: string | number | null;
  label: string;
  /** Complaints per month, in the order of `months`. */
  counts: number[];
  total: number;
}

export interface ComplaintsOverTime {
  group_by: ComplaintGrouping;
  from: string;
  to: string;
  /** Each calendar month of the range, `YYYY-MM`. */
  months: string[];
  /** Most complaints first. */
  groups: ComplaintsOverTimeGroup[];
  total: number;
}

// SLA clocks, policies and business calendars (docs/SLA.md, docs/CALENDARS.md)

export const SLA_CLOCKS = [
  { value: 'first_response', label: 'First response' },
  { value: 'next_update', label: 'Next update' },
  { value: 'resolution', label: 'Resolution' },
  { value: 'acknowledgement', label: 'Acknowledgement' },
] as const;

/** The clocks a policy sets per priority; acknowledgement is one figure for complaints. */
export const SLA_TARGET_CLOCKS = SLA_CLOCKS.slice(0, 3);

export const SLA_CLOCK_STATES = [
  { value: 'running', label: 'Running' },
  { value: 'paused', label: 'Paused' },
  { value: 'met', label: 'Met' },
  { value: 'breached', label: 'Breached' },
  { value: 'not_applicable', label: 'Not applicable' },
] as const;

export const SLA_ESCALATION_LEVELS = [
  { value: 'warning_1', label: 'First warning' },
  { value: 'warning_2', label: 'Second warning' },
  { value: 'breach', label: 'Breach' },
] as const;

export const SLA_NOTIFY_STATUSES = [
  { value: 'pending', label: 'Mail pending' },
  { value: 'sending', label: 'Mail sending' },
  { value: 'sent', label: 'Mailed' },
  { value: 'failed', label: 'Mail failed' },
  { value: 'not_sent', label: 'Not mailed' },
] as const;

/** The statuses a policy may pause its clocks in (resolved and closed stop them instead). */
export const SLA_PAUSABLE_STATUSES = CASE_STATUSES.filter((status) => status.value !== 'resolved' && status.value !== 'closed');

export const SLA_GROUPINGS = [
  { value: 'account', label: 'Account' },
  { value: 'team', label: 'Team' },
  { value: 'agent', label: 'Agent' },
  { value: 'priority', label: 'Priority' },
  { value: 'month', label: 'Month opened' },
] as const;

export const WEEKDAYS = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
] as const;

export type SlaClockName = ValueOf<typeof SLA_CLOCKS>;
export type SlaTargetClock = ValueOf<typeof SLA_TARGET_CLOCKS>;
export type SlaClockState = ValueOf<typeof SLA_CLOCK_STATES>;
export type SlaGrouping = ValueOf<typeof SLA_GROUPINGS>;
export type Weekday = ValueOf<typeof WEEKDAYS>;

export interface SlaClock {
  state: SlaClockState;
  target_minutes: number;
  /** RFC 3339; null while paused or not applicable. */
  due: string | null;
  used_minutes: number;
  /** Negative when breached. */
  left_minutes: number;
  paused_minutes: number;
  percent: number;
  warning: 'none' | 'first' | 'second' | 'breached';
  breaches: number;
}

/** A case's clocks now; `error` instead of clocks when they cannot be computed. */
export type CaseSla = { policy_id: number; priority?: number; error?: string } & Partial<Record<SlaClockName, SlaClock>>;

/** A calendar's JSON form: local `HH:MM` intervals per weekday, holidays as dates. */
export interface CalendarSpec {
  tz: string;
  hours: Partial<Record<Weekday, [string, string][]>>;
  holidays?: string[];
}

export interface BusinessCalendar extends StoredRecord {
  name: string;
  calendar: CalendarSpec;
  /** Only in the answer to a holiday import: how many of the file's dates were new. */
  holidays_added?: number;
}

export type CalendarInput = Partial<Pick<BusinessCalendar, 'name' | 'calendar'>>;

export type SlaTargets = Partial<Record<'1' | '2' | '3' | '4', Partial<Record<SlaTargetClock, number>>>>;

export interface SlaPolicy extends StoredRecord {
  name: string;
  calendar_id: number;
  targets: SlaTargets;
  pause_statuses: CaseStatus[];
  warn_at: number[];
  acknowledgement: number | null;
  /** A date, YYYY-MM-DD. */
  review_on: string;
  is_default: boolean;
  review: 'not_due' | 'due' | 'overdue';
  /** The review date is within 30 days or past. */
  review_due: boolean;
}

export type SlaPolicyInput = Partial<Omit<SlaPolicy, keyof StoredRecord | 'review' | 'review_due'>>;

export interface SlaEscalation {
  id: number;
  case_id: number;
  target: SlaClockName;
  level: ValueOf<typeof SLA_ESCALATION_LEVELS>;
  notify_user_id: number | null;
  notify_user_name: string | null;
  notify_status: ValueOf<typeof SLA_NOTIFY_STATUSES>;
  notify_detail: string | null;
  created_at: string;
  notified_at: string | null;
}

/** An open case with a running clock: the one due soonest, and the worst state of all its clocks. */
export interface CaseAtRisk {
  id: number;
  subject: string;
  priority: number;
  status: CaseStatus;
  account_id: number;
  account_name: string;
  assignee_id: number | null;
  assignee_name: string | null;
  team_id: number | null;
  policy_id: number | null;
  clock: SlaClockName;
  due_at: string;
  sla_state: SlaClockState;
}

export interface SlaComplianceCount {
  met: number;
  breached: number;
  decided: number;
  percent_met: number | null;
  percent_breached: number | null;
}

export type SlaComplianceGroup = {
  key: number | string | null;
  label: string | number | null;
  cases: number;
  /** Targets met of those decided, every clock together. */
  percent_met: number | null;
} & Record<SlaClockName, SlaComplianceCount>;

export interface SlaCompliance {
  group_by: SlaGrouping;
  from: string | null;
  to: string | null;
  sort: 'key' | 'compliance' | SlaClockName;
  /** Groups before the limit. */
  total: number;
  groups: SlaComplianceGroup[];
}
