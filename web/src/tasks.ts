// Follow-up tasks (docs/SATISFACTION.md): their shape and vocabularies, the
// calls for /api/v1/tasks, and who may read or write them (tasks.read: all
// but HR; tasks.write: those who work cases).

import { request } from './api';
import type { Page, Role } from './records';

export const TASK_KINDS = [
  { value: 'survey_follow_up', label: 'Survey follow-up' },
  { value: 'proactive_contact', label: 'Proactive contact' },
  { value: 'win_back', label: 'Win-back' },
  { value: 'loyalty_review', label: 'Loyalty review' },
  { value: 'other', label: 'Other' },
] as const;

export const TASK_STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
  { value: 'cancelled', label: 'Cancelled' },
] as const;

export type TaskKind = (typeof TASK_KINDS)[number]['value'];
export type TaskStatus = (typeof TASK_STATUSES)[number]['value'];

export interface Task {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
  kind: TaskKind;
  account_id: number;
  account_name: string;
  contact_id: number | null;
  case_id: number | null;
  survey_response_id: number | null;
  owner_id: number;
  owner_name: string;
  due_on: string;
  status: TaskStatus;
  outcome: string | null;
  title: string;
  notes: string | null;
  completed_at: string | null;
}

export type TaskInput = Partial<Pick<Task, 'kind' | 'account_id' | 'contact_id' | 'case_id' | 'owner_id' | 'due_on' | 'status' | 'outcome' | 'title' | 'notes'>>;

/** Empty filters are left out; the server checks the values. */
export interface TaskFilters {
  owner_id?: string;
  account_id?: string;
  status?: string;
  kind?: string;
}

/** Soonest due first. */
export const listTasks = (filters: TaskFilters, after: string | undefined): Promise<Page<Task>> =>
  request('GET', '/tasks', { query: { ...filters, after } });

export const getTask = (id: number): Promise<Task> => request('GET', `/tasks/${id}`);

export const updateTask = (task: Task, changes: TaskInput): Promise<Task> =>
  request('PATCH', `/tasks/${task.id}`, { body: changes, ifMatch: task.version });

export function canReadTasks(role: Role): boolean {
  return role !== 'hr';
}

export function canWriteTasks(role: Role): boolean {
  return role !== 'hr' && role !== 'auditor';
}
