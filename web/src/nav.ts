// The entries of the top navigation; a feature adds its page here and in App's page table.

export interface NavEntry {
  label: string;
  /** Where the entry leads; it is shown as current for this path and everything below it. */
  path: string;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { label: 'My queue', path: '/cases/mine' },
  { label: 'Team queue', path: '/cases/team' },
  { label: 'Accounts', path: '/accounts' },
];

export const HOME_PATH = '/accounts';

export function isCurrentEntry(entry: NavEntry, path: string): boolean {
  return path === entry.path || path.startsWith(`${entry.path}/`);
}
