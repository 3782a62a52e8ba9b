// Typed calls for the API routes the UI uses; every one goes through request().

import { request, setCsrfToken } from './api';
import type {
  Account,
  AccountInput,
  Asset,
  BusinessCalendar,
  CalendarInput,
  Capa,
  CapaInput,
  Case,
  CaseAtRisk,
  CaseEvent,
  CaseInput,
  CaseStatus,
  Complaint,
  ComplaintEscalation,
  ComplaintGrouping,
  ComplaintPareto,
  ComplaintsOverTime,
  ComplaintStepInput,
  Contact,
  ContactInput,
  Interaction,
  InteractionInput,
  EscalationLevel,
  Order,
  Page,
  Part,
  Session,
  SlaClockName,
  SlaCompliance,
  SlaEscalation,
  SlaGrouping,
  SlaPolicy,
  SlaPolicyInput,
  Team,
  TimelineItem,
  User,
} from './records';

/** Fetches one page of a collection, starting after the cursor (the first page when undefined). */
export type PageFetcher<T> = (after: string | undefined) => Promise<Page<T>>;

/** Follows `next` cursors until the collection is exhausted; for short lists such as users or one account's contacts. */
export async function fetchAllPages<T>(fetchPage: PageFetcher<T>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await fetchPage(after);
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return items;
}

// Session

async function rememberSession(pending: Promise<Session>): Promise<Session> {
  const session = await pending;
  setCsrfToken(session.csrf_token);
  return session;
}

export const getSession = (): Promise<Session> => rememberSession(request<Session>('GET', '/session'));

export const signIn = (username: string, password: string): Promise<Session> =>
  rememberSession(request<Session>('POST', '/session', { body: { username, password } }));

export async function signOut(): Promise<void> {
  try {
    await request<void>('DELETE', '/session');
  } finally {
    setCsrfToken(null);
  }
}

// Users

export const listUsers: PageFetcher<User> = (after) => request('GET', '/users', { query: { after, limit: 200 } });
export const listTeams: PageFetcher<Team> = (after) => request('GET', '/teams', { query: { after, limit: 200 } });

// Accounts

/** Empty filters are left out; the server checks the values. */
export interface AccountFilters {
  q: string;
  status: string;
  tier: string;
}

export const listAccounts = (filters: AccountFilters, after: string | undefined): Promise<Page<Account>> =>
  request('GET', '/accounts', { query: { ...filters, sort: 'name', after } });

export const getAccount = (id: number): Promise<Account> => request('GET', `/accounts/${id}`);

export const createAccount = (input: AccountInput): Promise<Account> => request('POST', '/accounts', { body: input });

export const updateAccount = (account: Account, changes: AccountInput): Promise<Account> =>
  request('PATCH', `/accounts/${account.id}`, { body: changes, ifMatch: account.version });

export const listAccountTimeline = (accountId: number, after: string | undefined): Promise<Page<TimelineItem>> =>
  request('GET', `/accounts/${accountId}/timeline`, { query: { after, limit: 20 } });

// Records belonging to an account

export const listContacts = (accountId: number, after: string | undefined): Promise<Page<Contact>> =>
  request('GET', '/contacts', { query: { account_id: accountId, after, limit: 200 } });

export const createContact = (input: ContactInput): Promise<Contact> => request('POST', '/contacts', { body: input });

export const createInteraction = (input: InteractionInput): Promise<Interaction> =>
  request('POST', '/interactions', { body: input });

export const listOrders = (accountId: number, after: string | undefined): Promise<Page<Order>> =>
  request('GET', '/orders', { query: { account_id: accountId, after, limit: 20 } });

export const listAssets = (accountId: number, after: string | undefined): Promise<Page<Asset>> =>
  request('GET', '/assets', { query: { account_id: accountId, after, limit: 20 } });

export const listParts: PageFetcher<Part> = (after) => request('GET', '/parts', { query: { after, limit: 200 } });

// Cases

/** Empty filters are left out; the server checks the values. */
export interface CaseFilters {
  status: string;
  type: string;
  priority: string;
  assignee_id?: number | undefined;
  team_id?: number | undefined;
}

/** Most urgent first, then the longest open. */
export const listCases = (filters: CaseFilters, after: string | undefined): Promise<Page<Case>> =>
  request('GET', '/cases', { query: { ...filters, sort: 'priority', after } });

export const getCase = (id: number): Promise<Case> => request('GET', `/cases/${id}`);

export const createCase = (input: CaseInput): Promise<Case> => request('POST', '/cases', { body: input });

export const updateCase = (kase: Case, changes: CaseInput): Promise<Case> =>
  request('PATCH', `/cases/${kase.id}`, { body: changes, ifMatch: kase.version });

export const changeCaseStatus = (kase: Case, status: CaseStatus, reason: string | null): Promise<Case> =>
  request('POST', `/cases/${kase.id}/status`, { body: { status, ...(reason !== null && { reason }) }, ifMatch: kase.version });

export const addCaseReply = (caseId: number, body: string): Promise<CaseEvent> =>
  request('POST', `/cases/${caseId}/replies`, { body: { body } });

export const addCaseNote = (caseId: number, body: string): Promise<CaseEvent> =>
  request('POST', `/cases/${caseId}/notes`, { body: { body } });

export const listCaseTimeline = (caseId: number, after: string | undefined): Promise<Page<CaseEvent>> =>
  request('GET', `/cases/${caseId}/timeline`, { query: { after, limit: 20 } });

// Complaints (ISO 10002), their corrective actions and reports

export const getComplaint = (caseId: number): Promise<Complaint> => request('GET', `/cases/${caseId}/complaint`);

export const takeComplaintStep = (caseId: number, input: ComplaintStepInput): Promise<Complaint> =>
  request('POST', `/cases/${caseId}/complaint/steps`, { body: input });

export const escalateComplaint = (caseId: number, level: EscalationLevel, reason: string): Promise<ComplaintEscalation> =>
  request('POST', `/cases/${caseId}/complaint/escalations`, { body: { level, reason } });

/** Empty filters are left out; the server checks the values. */
export interface CapaFilters {
  status?: string;
  owner_id?: string;
  case_id?: number;
}

/** Soonest due first. */
export const listCapas = (filters: CapaFilters, after: string | undefined): Promise<Page<Capa>> =>
  request('GET', '/capas', { query: { ...filters, after } });

export const getCapa = (id: number): Promise<Capa> => request('GET', `/capas/${id}`);

export const createCapa = (input: CapaInput): Promise<Capa> => request('POST', '/capas', { body: input });

export const updateCapa = (capa: Capa, changes: CapaInput): Promise<Capa> =>
  request('PATCH', `/capas/${capa.id}`, { body: changes, ifMatch: capa.version });

/** `from` and `to` are dates (YYYY-MM-DD), both included. */
export const getComplaintPareto = (from: string, to: string): Promise<ComplaintPareto> =>
  request('GET', '/reports/complaints/pareto', { query: { from, to } });

/** Complaints per month opened, by root-cause category, product or account. */
export const getComplaintsOverTime = (groupBy: ComplaintGrouping, from: string, to: string): Promise<ComplaintsOverTime> =>
  request('GET', '/reports/complaints', { query: { group_by: groupBy, from, to } });

// SLA: clocks at risk, escalations, policies, business calendars and compliance

/** Open cases with a running clock, the soonest due first. */
export const listCasesAtRisk = (after: string | undefined): Promise<Page<CaseAtRisk>> =>
  request('GET', '/cases/at-risk', { query: { after, limit: 50 } });

/** Oldest first. */
export const listSlaEscalations = (caseId: number, after: string | undefined): Promise<Page<SlaEscalation>> =>
  request('GET', '/sla-escalations', { query: { case_id: caseId, after, limit: 200 } });

export const listSlaPolicies: PageFetcher<SlaPolicy> = (after) => request('GET', '/sla-policies', { query: { after, limit: 200 } });

export const getSlaPolicy = (id: number): Promise<SlaPolicy> => request('GET', `/sla-policies/${id}`);

export const updateSlaPolicy = (policy: SlaPolicy, changes: SlaPolicyInput): Promise<SlaPolicy> =>
  request('PATCH', `/sla-policies/${policy.id}`, { body: changes, ifMatch: policy.version });

export const listCalendars: PageFetcher<BusinessCalendar> = (after) => request('GET', '/calendars', { query: { after, limit: 200 } });

export const getCalendar = (id: number): Promise<BusinessCalendar> => request('GET', `/calendars/${id}`);

export const updateCalendar = (calendar: BusinessCalendar, changes: CalendarInput): Promise<BusinessCalendar> =>
  request('PATCH', `/calendars/${calendar.id}`, { body: changes, ifMatch: calendar.version });

/** Merges the all-day events of an iCalendar file (its text) into the holidays; the answer says how many were new. */
export const importCalendarHolidays = (calendarId: number, ics: string): Promise<BusinessCalendar> =>
  request('POST', `/calendars/${calendarId}/holidays`, { text: { content: ics, type: 'text/calendar' } });

/** `from` and `to` are dates (YYYY-MM-DD), both included; `worst` asks for only that many groups, the lowest share of the clock's targets met first. */
export const getSlaCompliance = (groupBy: SlaGrouping, from: string, to: string, worst?: { clock: SlaClockName; limit: number }): Promise<SlaCompliance> =>
  request('GET', '/reports/sla-compliance', { query: { group_by: groupBy, from, to, ...(worst ? { sort: worst.clock, limit: String(worst.limit) } : {}) } });
