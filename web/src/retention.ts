// Retention (docs/RETENTION.md): the shapes of the retention answers, the
// calls for /api/v1/retention, /campaigns and /improvements, their
// vocabularies, and who may read or change them (retention.read: all but HR;
// retention.work: team leaders, CS and quality managers, admins;
// retention.admin: CS managers and admins).

import { request } from './api';
import type { Page, Role } from './records';

export interface HealthComponent {
  component: 'order_trend' | 'complaints' | 'sla' | 'surveys' | 'contact';
  counted: boolean;
  score: number | null;
  weight: number;
  reason: string;
}

export interface HealthScore {
  score: number | null;
  components: HealthComponent[];
}

export interface RetentionAccount {
  account_id: number;
  name: string;
  status: string;
  tier: string | null;
  manager_name: string | null;
  orders_total: number;
  orders: number;
  order_value_minor: number;
  average_order_value_minor: number | null;
  purchase_frequency_per_year: number;
  last_order_on: string | null;
  recency_days: number | null;
  median_interval_days: number | null;
  retention_status: 'retained' | 'lost' | 'new' | 'none';
  silent: boolean;
  value_at_risk_minor: number;
  complaints: number;
  health: HealthScore;
}

export interface SilentAccount extends RetentionAccount {
  expected_order_by: string;
  times_usual_interval: number;
  ever_complained: boolean;
}

export interface Clv {
  value_minor: number;
  formula: string;
  inputs: {
    average_order_value_minor: number;
    purchase_frequency_per_year: number;
    expected_lifespan_years: number;
    lifespan_capped: boolean;
    annual_churn_percent: number | null;
    margin_percent: number | null;
  };
}

export interface AccountRetention extends RetentionAccount {
  from: string;
  to: string;
  clv: Clv;
  silent_rule: { min_orders: number; multiple_percent: number };
  monthly_orders: { month: string; orders: number; value_minor: number }[];
}

export interface RetentionBook {
  from: string;
  to: string;
  customer_window_days: number;
  customers_at_start: number;
  customers_at_end: number;
  new_customers: number;
  retained: number;
  lost: number;
  retention_rate_percent: number | null;
  churn_rate_percent: number | null;
  repeat_purchase_rate_percent: number | null;
  orders: number;
  order_value_minor: number;
  average_order_value_minor: number | null;
  purchase_frequency_per_year: number;
  clv: Clv;
  silent_attrition: { accounts: number; value_at_risk_minor: number; min_orders: number; multiple_percent: number };
}

export const CAMPAIGN_KINDS = [
  { value: 'win_back', label: 'Win-back' },
  { value: 'proactive_contact', label: 'Proactive contact' },
  { value: 'loyalty_review', label: 'Loyalty review' },
] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number]['value'];

export interface Campaign {
  id: number;
  version: number;
  name: string;
  kind: CampaignKind;
  description: string | null;
  source: 'silent_attrition' | 'at_risk' | 'manual';
  owner_id: number;
  owner_name: string;
  started_on: string;
  due_on: string;
  window_days: number;
  accounts: number;
}

export interface CampaignTarget {
  account_id: number;
  account_name: string;
  task_id: number;
  task_status: string;
  task_outcome: string | null;
  orders_before: number;
  value_before: number;
  orders_after: number;
  value_after: number;
  ordered_again: boolean;
}

export interface CampaignDetail extends Campaign {
  outcome: {
    days_compared: number;
    before_from: string;
    after_from: string;
    after_until: string;
    accounts: number;
    ordered_again: number;
    tasks_done: number;
    orders_before: number;
    orders_after: number;
    value_before_minor: number;
    value_after_minor: number;
  };
  targets: CampaignTarget[];
}

export interface CampaignInput {
  name: string;
  kind: CampaignKind;
  source: Campaign['source'];
  account_ids: number[];
  description?: string | null;
}

export const IMPROVEMENT_STAGES = [
  { value: 'plan', label: 'Plan' },
  { value: 'do', label: 'Do' },
  { value: 'check', label: 'Check' },
  { value: 'standardised', label: 'Standardised' },
  { value: 'abandoned', label: 'Abandoned' },
] as const;
export type ImprovementStage = (typeof IMPROVEMENT_STAGES)[number]['value'];

export const KPIS = [
  { value: 'complaints', label: 'Complaints' },
  { value: 'sla_compliance', label: 'SLA compliance' },
  { value: 'order_value', label: 'Order value' },
  { value: 'csat', label: 'CSAT' },
] as const;

export const PROBLEM_KINDS = [
  { value: 'root_cause', label: 'Complaint root cause' },
  { value: 'survey_theme', label: 'Survey theme' },
  { value: 'kpi', label: 'KPI' },
] as const;

export interface KpiPeriod {
  from: string;
  to: string;
  value: number | null;
  count: number;
}

export interface Improvement {
  id: number;
  version: number;
  title: string;
  problem: string;
  problem_kind: (typeof PROBLEM_KINDS)[number]['value'];
  problem_ref: string | null;
  owner_id: number;
  owner_name: string;
  stage: ImprovementStage;
  plan: string | null;
  done: string | null;
  kpi: string | null;
  kpi_category: string | null;
  before_from: string | null;
  before_to: string | null;
  after_from: string | null;
  after_to: string | null;
  check_result: {
    kpi: string;
    category: string | null;
    unit: 'complaints' | 'percent' | 'minor';
    lower_is_better: boolean;
    before: KpiPeriod;
    after: KpiPeriod;
    change: number | null;
    improved: boolean | null;
  } | null;
  checked_at: string | null;
  act_note: string | null;
  decided_at: string | null;
}

export type ImprovementInput = Partial<Omit<Improvement, 'id' | 'version' | 'owner_name' | 'stage' | 'check_result' | 'checked_at' | 'decided_at'>>;

/** The moves the PDCA table allows from each stage (core/improvement.c). */
export const NEXT_STAGES: Record<ImprovementStage, ImprovementStage[]> = {
  plan: ['do', 'abandoned'],
  do: ['check', 'abandoned'],
  check: ['do', 'standardised', 'abandoned'],
  standardised: [],
  abandoned: [],
};

export const canReadRetention = (role: Role): boolean => role !== 'hr';
export const canWorkRetention = (role: Role): boolean => ['team_leader', 'cs_manager', 'quality_manager', 'admin'].includes(role);
export const canAdministerRetention = (role: Role): boolean => role === 'cs_manager' || role === 'admin';

export const getRetentionBook = (): Promise<RetentionBook> => request('GET', '/retention/book');
export const listRetentionAccounts = (limit: number): Promise<{ total: number; items: RetentionAccount[] }> =>
  request('GET', '/retention/accounts', { query: { sort: 'health', limit } });
export const listSilentAttrition = (): Promise<{ accounts: number; value_at_risk_minor: number; items: SilentAccount[]; rule: { min_orders: number; multiple_percent: number } }> =>
  request('GET', '/retention/silent-attrition');
export const getAccountRetention = (accountId: number): Promise<AccountRetention> => request('GET', `/accounts/${accountId}/retention`);

export const listCampaigns = (after: string | undefined): Promise<Page<Campaign>> => request('GET', '/campaigns', { query: { after } });
export const getCampaign = (id: number): Promise<CampaignDetail> => request('GET', `/campaigns/${id}`);
export const createCampaign = (input: CampaignInput): Promise<Campaign> => request('POST', '/campaigns', { body: input });

export const listImprovements = (after: string | undefined): Promise<Page<Improvement>> => request('GET', '/improvements', { query: { after } });
export const getImprovement = (id: number): Promise<Improvement> => request('GET', `/improvements/${id}`);
export const createImprovement = (input: ImprovementInput): Promise<Improvement> => request('POST', '/improvements', { body: input });
export const updateImprovement = (item: Improvement, changes: ImprovementInput): Promise<Improvement> =>
  request('PATCH', `/improvements/${item.id}`, { body: changes, ifMatch: item.version });
export const moveImprovement = (id: number, stage: ImprovementStage, actNote: string | null): Promise<Improvement> =>
  request('POST', `/improvements/${id}/stage`, { body: actNote ? { stage, act_note: actNote } : { stage } });

/** The label of a vocabulary value, or the value itself. */
export function labelOf(list: readonly { value: string; label: string }[], value: string | null): string {
  return list.find((item) => item.value === value)?.label ?? value ?? '';
}
