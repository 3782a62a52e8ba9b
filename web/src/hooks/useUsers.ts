// The staff and team lists (for assignee and account-manager choices, and for
// naming people and teams on timelines), each fetched once per page load and
// shared by every component that asks; a failed fetch is retried on next use.

import { fetchAllPages, listTeams, listUsers, type PageFetcher } from '../endpoints';
import type { Team, User } from '../records';
import { useAsync, type AsyncState } from './useAsync';

/** A loader that fetches every page of list once, sorted by name, and shares the answer. */
function sharedList<T>(list: PageFetcher<T>, name: (item: T) => string): () => Promise<T[]> {
  let loaded: Promise<T[]> | null = null;
  return () => {
    loaded ??= fetchAllPages(list)
      .then((all) => all.sort((a, b) => name(a).localeCompare(name(b), 'en-GB')))
      .catch((failure: unknown) => {
        loaded = null;
        throw failure;
      });
    return loaded;
  };
}

const loadUsers = sharedList(listUsers, (user) => user.display_name);
const loadTeams = sharedList(listTeams, (team) => team.name);

export function useUsers(): AsyncState<User[]> {
  return useAsync(loadUsers, []);
}

export function useTeams(): AsyncState<Team[]> {
  return useAsync(loadTeams, []);
}
