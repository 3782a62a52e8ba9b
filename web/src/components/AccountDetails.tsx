// An account's fields, read-only.

import { countryName, formatDateTime } from '../format';
import { ACCOUNT_STATUSES, labelFor, type Account } from '../records';
import { DetailsList, type DetailRows } from './DetailsList';

export function AccountDetails({ account }: { account: Account }) {
  const rows: DetailRows = [
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
      <DetailsList rows={rows} />
      {account.notes && <p class="notes">{account.notes}</p>}
    </>
  );
}
