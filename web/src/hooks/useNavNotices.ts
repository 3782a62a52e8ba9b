// The counts shown beside navigation entries (NavNotice), for the roles that act on them, read again
// on every change of page so that a fixed one goes away: the SLA policies due for review (from 30
// days before their review date, or past it) for those who renegotiate them (sla.admin). A count
// that cannot be read is left out; the page itself still shows the policies.

import { fetchAllPages, listSlaPolicies } from '../endpoints';
import type { NavNotice } from '../nav';
import type { Role } from '../records';
import { canAdministerSla } from '../sla';
import { useAsync } from './useAsync';

export type NavNotices = Partial<Record<NavNotice, number>>;

async function readNotices(role: Role): Promise<NavNotices> {
  if (!canAdministerSla(role)) return {};
  const policies = await fetchAllPages(listSlaPolicies);
  return { 'sla-reviews-due': policies.filter((policy) => policy.review_due).length };
}

export function useNavNotices(role: Role, path: string): NavNotices {
  return useAsync(() => readNotices(role), [role, path]).data ?? {};
}

/** What a notice's count means, in words. */
export function noticeText(notice: NavNotice, count: number): string {
  switch (notice) {
    case 'sla-reviews-due':
      return count === 1 ? '1 policy due for review' : `${count} policies due for review`;
  }
}
