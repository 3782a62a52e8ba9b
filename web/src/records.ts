// The record shapes of docs/API.md as TypeScript types, and the fixed
// vocabularies (statuses, tiers, channels…) with the labels the UI shows.

export interface Option {
  value: string;
  label: string;
}

export function labelFor(options: readonly Option[], value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return options.find((option) => option.value === value)?.label ?? value;
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
  /** Cases only: the case's current status. */
  status?: CaseStatus;
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
}

export type CaseInput = Partial<
  Omit<Case, keyof StoredRecord | 'account_name' | 'assignee_name' | 'status' | 'first_contact_resolution' | 'reopen_count' | 'inbound_replies' | 'outbound_replies' | 'opened_at' | 'resolved_at' | 'closed_at'>
>;

/** One entry of a case's timeline; `internal` ones (notes, assignment changes) are never shown to customers. */
export interface CaseEvent {
  id: number;
  case_id: number;
  kind: 'reply' | 'note' | 'status_change' | 'assignment_change';
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
