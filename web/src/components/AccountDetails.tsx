// An account's fields, read-only.

import { countryName, formatDateTime } from '../format';
import { ACCOUNT_STATUSES, labelFor, type Account } from '../records';

export function AccountDetails({ account }: { account: Account }) {
  const rows: [string, string | null][] = [
    ['Status', labelFor(ACCOUNT_STATUSES, account.status)],
    ['Tier', account.tier],
    ['Sector', account.sector],
    ['Account manager', account.account_manager_name],
    ['SLA contract', account.sla_contract],
    ['Location', [account.city, countryName(account.country)].filter(Boolean).join(', ')],
    ['Last changed', formatDateTime(account.updated_at)],
  ];
  return (
    <>
      <dl class="details">
        {rows.map(([term, value]) => (
          <div key={term} class="details-row">
            <dt>{term}</dt>
            <dd>{value || <span class="muted">Not set</span>}</dd>
          </div>
        ))}
      </dl>
      {account.notes && <p class="notes">{account.notes}</p>}
    </>
  );
}
