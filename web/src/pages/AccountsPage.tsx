// The accounts list: name search (debounced), status and tier filters kept in
// the URL, a table, and "Load more" through the cursor pages.

import { useEffect, useId, useState } from 'preact/hooks';
import { StatusBadge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { SelectOptions } from '../components/Field';
import { ListFooter } from '../components/ListFooter';
import { listAccounts } from '../endpoints';
import { countryName } from '../format';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { usePagedList } from '../hooks/usePagedList';
import { ACCOUNT_STATUSES, ACCOUNT_TIERS, type Account } from '../records';
import { href, navigate } from '../router';

const SEARCH_DELAY_MS = 300;

const COLUMNS: readonly Column<Account>[] = [
  { header: 'Name', cell: (account) => <a href={href(`/accounts/${account.id}`)}>{account.name}</a> },
  { header: 'Sector', cell: (account) => account.sector },
  { header: 'Tier', cell: (account) => account.tier },
  { header: 'Status', cell: (account) => <StatusBadge status={account.status} /> },
  { header: 'Account manager', cell: (account) => account.account_manager_name },
  { header: 'Location', cell: (account) => [account.city, countryName(account.country)].filter(Boolean).join(', ') },
];

export function AccountsPage({ query }: { query: URLSearchParams }) {
  useDocumentTitle('Accounts');
  const filters = { q: query.get('q') ?? '', status: query.get('status') ?? '', tier: query.get('tier') ?? '' };
  const showFilters = (changes: Partial<typeof filters>) =>
    navigate('/accounts', { query: { ...filters, ...changes }, replace: true });

  const [searchText, setSearchText] = useState(filters.q);
  const settledSearch = useDebouncedValue(searchText.trim(), SEARCH_DELAY_MS);
  useEffect(() => {
    if (settledSearch !== filters.q) showFilters({ q: settledSearch });
  }, [settledSearch]);
  useEffect(() => {
    // The address changed by other means (e.g. the Accounts link): show its search.
    if (filters.q !== settledSearch) setSearchText(filters.q);
  }, [filters.q]);

  const accounts = usePagedList((after) => listAccounts(filters, after), [filters.q, filters.status, filters.tier]);
  const ids = { search: useId(), status: useId(), tier: useId() };

  return (
    <div class="page">
      <div class="page-header">
        <h1>Accounts</h1>
        <a class="button button--primary page-header-end" href={href('/accounts/new')}>
          New account
        </a>
      </div>
      <form class="filter-bar" role="search" onSubmit={(event) => event.preventDefault()}>
        <div class="field field--grow">
          <label for={ids.search}>Search accounts</label>
          <input
            id={ids.search}
            type="search"
            value={searchText}
            placeholder="Name, e.g. muller"
            onInput={(event) => setSearchText(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={ids.status}>Status</label>
          <select id={ids.status} value={filters.status} onInput={(event) => showFilters({ status: event.currentTarget.value })}>
            <SelectOptions options={ACCOUNT_STATUSES} emptyOption="All statuses" />
          </select>
        </div>
        <div class="field">
          <label for={ids.tier}>Tier</label>
          <select id={ids.tier} value={filters.tier} onInput={(event) => showFilters({ tier: event.currentTarget.value })}>
            <SelectOptions options={ACCOUNT_TIERS} emptyOption="All tiers" />
          </select>
        </div>
      </form>
      <DataTable caption="Accounts" columns={COLUMNS} rows={accounts.items} rowKey={(account) => account.id} />
      <ListFooter list={accounts} emptyText="No accounts match these filters." />
    </div>
  );
}
