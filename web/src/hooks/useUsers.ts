// The staff list (for account-manager choices), fetched once per page load and
// shared by every component that asks; a failed fetch is retried on next use.

import { fetchAllPages, listUsers } from '../endpoints';
import type { User } from '../records';
import { useAsync, type AsyncState } from './useAsync';

let users: Promise<User[]> | null = null;

function loadUsers(): Promise<User[]> {
  users ??= fetchAllPages(listUsers)
    .then((all) => all.sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB')))
    .catch((failure: unknown) => {
      users = null;
      throw failure;
    });
  return users;
}

export function useUsers(): AsyncState<User[]> {
  return useAsync(loadUsers, []);
}
