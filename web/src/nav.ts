// The entries of the top navigation; a feature adds its page here and in App's page table.

import { canReadCapas, canReadComplaintReports } from './complaintWorkflow';
import type { Role } from './records';
import { canReadRetention } from './retention';
import { canReadCases } from './sla';
import { canReadSurveys } from './surveys';
import { canReadTasks } from './tasks';

export interface NavEntry {
  label: string;
  /** Where the entry leads; it is shown as current for this path and everything below it. */
  path: string;
  /** Shown only to the roles this allows (everyone when left out). */
  allows?: (role: Role) => boolean;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { label: 'My queue', path: '/cases/mine' },
  { label: 'Team queue', path: '/cases/team' },
  { label: 'At risk', path: '/cases/at-risk', allows: canReadCases },
  { label: 'My tasks', path: '/tasks/mine', allows: canReadTasks },
  { label: 'Accounts', path: '/accounts' },
  { label: 'Retention', path: '/retention', allows: canReadRetention },
  { label: 'CAPAs', path: '/capas', allows: canReadCapas },
  { label: 'Reports', path: '/reports', allows: canReadComplaintReports },
  { label: 'SLA', path: '/sla', allows: canReadCases },
  { label: 'Quality', path: '/quality' },
  { label: 'Meetings', path: '/meetings' },
  { label: 'Satisfaction', path: '/satisfaction', allows: canReadSurveys },
  { label: 'Feedback', path: '/feedback', allows: canReadSurveys },
  { label: 'Team', path: '/team' },
  { label: 'Performance', path: '/performance', allows: (role) => role !== 'auditor' },
];

/** The entries this role sees. */
export function navEntriesFor(role: Role): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.allows?.(role) ?? true);
}

export const HOME_PATH = '/accounts';

export function isCurrentEntry(entry: NavEntry, path: string): boolean {
  return path === entry.path || path.startsWith(`${entry.path}/`);
}
