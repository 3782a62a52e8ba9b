// The entries of the side navigation, in groups by the work they serve; a feature adds its
// page here and in App's page table.

import { canReadCapas, canReadComplaintReports } from './complaintWorkflow';
import type { Role } from './records';
import { canReadPrivacy } from './privacy';
import { canReadRetention } from './retention';
import { canReadCases } from './sla';
import { canReadSurveys } from './surveys';
import { canReadTasks } from './tasks';

export type NavGroup = 'Work' | 'Customers' | 'Quality' | 'Team' | 'Settings';

/** The groups in the order the navigation shows them. */
export const NAV_GROUPS: readonly NavGroup[] = ['Work', 'Customers', 'Quality', 'Team', 'Settings'];

/** Something waiting on an entry's page for its readers to act on, counted beside the entry (useNavNotices). */
export type NavNotice = 'sla-reviews-due';

export interface NavEntry {
  label: string;
  group: NavGroup;
  /** Where the entry leads; it is shown as current for this path and everything below it. */
  path: string;
  /** Shown only to the roles this allows (everyone when left out). */
  allows?: (role: Role) => boolean;
  notice?: NavNotice;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { label: 'My queue', group: 'Work', path: '/cases/mine' },
  { label: 'Team queue', group: 'Work', path: '/cases/team' },
  { label: 'At risk', group: 'Work', path: '/cases/at-risk', allows: canReadCases },
  { label: 'My tasks', group: 'Work', path: '/tasks/mine', allows: canReadTasks },
  { label: 'Accounts', group: 'Customers', path: '/accounts' },
  { label: 'Retention', group: 'Customers', path: '/retention', allows: canReadRetention },
  { label: 'CAPAs', group: 'Quality', path: '/capas', allows: canReadCapas },
  { label: 'Reports', group: 'Quality', path: '/reports', allows: canReadComplaintReports },
  { label: 'Mail', group: 'Work', path: '/mail', allows: canReadCases },
  { label: 'SLA', group: 'Settings', path: '/sla', allows: canReadCases, notice: 'sla-reviews-due' },
  { label: 'Data protection', group: 'Settings', path: '/privacy', allows: canReadPrivacy },
  { label: 'Quality', group: 'Quality', path: '/quality' },
  { label: 'Meetings', group: 'Team', path: '/meetings' },
  { label: 'Satisfaction', group: 'Customers', path: '/satisfaction', allows: canReadSurveys },
  { label: 'Surveys', group: 'Customers', path: '/surveys', allows: canReadSurveys },
  { label: 'Feedback', group: 'Customers', path: '/feedback', allows: canReadSurveys },
  { label: 'Team', group: 'Team', path: '/team' },
  { label: 'Performance', group: 'Team', path: '/performance', allows: (role) => role !== 'auditor' },
];

/** The entries this role sees. */
export function navEntriesFor(role: Role): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.allows?.(role) ?? true);
}

/** The entries this role sees, by group; groups left empty are left out. */
export function navGroupsFor(role: Role): { group: NavGroup; entries: NavEntry[] }[] {
  const entries = navEntriesFor(role);
  return NAV_GROUPS.map((group) => ({ group, entries: entries.filter((entry) => entry.group === group) })).filter(
    (each) => each.entries.length > 0,
  );
}

export const HOME_PATH = '/accounts';

export function isCurrentEntry(entry: NavEntry, path: string): boolean {
  return path === entry.path || path.startsWith(`${entry.path}/`);
}
