// Retention: the book's figures for the last twelve months, the accounts
// drifting away silently (overdue beyond a multiple of their own usual
// order interval) with their value at risk — select some and start a
// campaign for them — and the accounts with the lowest health and why.

import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { HealthBadge, weakestReason } from '../components/HealthBadge';
import { Panel } from '../components/Panel';
import { formatDate, formatMoney } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import type { SessionUser } from '../records';
import {
  CAMPAIGN_KINDS,
  canWorkRetention,
  createCampaign,
  getRetentionBook,
  listRetentionAccounts,
  listSilentAttrition,
  type CampaignKind,
  type RetentionAccount,
  type RetentionBook,
  type SilentAccount,
} from '../retention';
import { href, navigate } from '../router';

const percent = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} %`);

function BookFigures({ book }: { book: RetentionBook }) {
  const rows: [string, string][] = [
    ['Customers at start (S)', String(book.customers_at_start)],
    ['Customers at end (E)', String(book.customers_at_end)],
    ['New customers (N)', String(book.new_customers)],
    ['Retention rate (E − N) / S', percent(book.retention_rate_percent)],
    ['Churn rate (lost / S)', `${percent(book.churn_rate_percent)} (${book.lost} lost)`],
    ['Repeat-purchase rate', percent(book.repeat_purchase_rate_percent)],
    ['Average order value', book.average_order_value_minor === null ? '–' : formatMoney(book.average_order_value_minor)],
    ['Purchase frequency', `${book.purchase_frequency_per_year} orders a year`],
    ['Customer lifetime value', `${formatMoney(book.clv.value_minor)} (${book.clv.formula}; lifespan ${book.clv.inputs.expected_lifespan_years} years)`],
    ['Silent attrition', `${book.silent_attrition.accounts} accounts, ${formatMoney(book.silent_attrition.value_at_risk_minor)} a year at risk`],
  ];
  return (
    <dl class="details" aria-label="Book figures">
      {rows.map(([label, value]) => (
        <div class="details-row" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const accountLink = (row: { account_id: number; name: string }) => <a href={href(`/accounts/${row.account_id}`)}>{row.name}</a>;

const AT_RISK_COLUMNS: readonly Column<RetentionAccount>[] = [
  { header: 'Health', cell: (row) => <HealthBadge score={row.health.score} /> },
  { header: 'Account', cell: accountLink },
  { header: 'Manager', cell: (row) => row.manager_name ?? '' },
  { header: 'Main reason', cell: (row) => weakestReason(row.health.components) },
  { header: 'Last order', cell: (row) => formatDate(row.last_order_on) },
  { header: 'Orders, 12 months', cell: (row) => formatMoney(row.order_value_minor), align: 'numeric' },
];

function CampaignForm({ selected, onCancel }: { selected: number[]; onCancel: () => void }) {
  const [name, setName] = useState('Win back quiet accounts');
  const [kind, setKind] = useState<CampaignKind>('win_back');
  const [error, setError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    setSaving(true);
    createCampaign({ name, kind, source: 'silent_attrition', account_ids: selected }).then(
      (campaign) => navigate(`/retention/campaigns/${campaign.id}`),
      (failure: unknown) => {
        setSaving(false);
        setError(failure instanceof ApiError ? failure : new Error(String(failure)));
      },
    );
  };
  return (
    <form class="inline-form" aria-label="New campaign" onSubmit={submit}>
      <div class="field">
        <label for="campaign-name">Campaign name</label>
        <input id="campaign-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={120} />
      </div>
      <div class="field">
        <label for="campaign-kind">Kind</label>
        <select id="campaign-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as CampaignKind)}>
          {CAMPAIGN_KINDS.map((k) => (
            <option key={k.value} value={k.value}>{k.label}</option>
          ))}
        </select>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={saving}>{`Start campaign for ${selected.length} account${selected.length === 1 ? '' : 's'}`}</button>
        <button type="button" class="button" onClick={onCancel}>Cancel</button>
      </div>
      <ErrorAlert error={error} />
    </form>
  );
}

export function RetentionPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Retention');
  const book = useAsync(getRetentionBook, []);
  const silent = useAsync(listSilentAttrition, []);
  const atRisk = useAsync(() => listRetentionAccounts(20), []);
  const [selected, setSelected] = useState<number[]>([]);
  const [starting, setStarting] = useState(false);
  const mayWork = canWorkRetention(user.role);
  const toggle = (id: number) => setSelected((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  const silentColumns: Column<SilentAccount>[] = [
    ...(mayWork
      ? [{ header: 'Select', cell: (row: SilentAccount) => <input type="checkbox" aria-label={`Select ${row.name}`} checked={selected.includes(row.account_id)} onChange={() => toggle(row.account_id)} /> }]
      : []),
    { header: 'Account', cell: accountLink },
    { header: 'Status', cell: (row) => row.status },
    { header: 'Last order', cell: (row) => formatDate(row.last_order_on) },
    { header: 'Usual interval', cell: (row) => `${row.median_interval_days} days`, align: 'numeric' },
    { header: 'Days since', cell: (row) => `${row.recency_days} (${row.times_usual_interval}×)`, align: 'numeric' },
    { header: 'Complained', cell: (row) => (row.ever_complained ? 'Yes' : 'Never') },
    { header: 'Value at risk a year', cell: (row) => formatMoney(row.value_at_risk_minor), align: 'numeric' },
  ];

  return (
    <div class="page">
      <div class="page-header">
        <h1>Retention</h1>
        <div class="page-header-end button-row">
          <a class="button" href={href('/retention/campaigns')}>Campaigns</a>
          <a class="button" href={href('/retention/improvements')}>Improvements</a>
        </div>
      </div>
      <Panel title="The book, last 12 months">
        <ErrorAlert error={book.error} />
        {book.data && <BookFigures book={book.data} />}
      </Panel>
      <Panel
        title="Silent attrition"
        actions={mayWork && selected.length > 0 && !starting && (
          <button type="button" class="button button--primary button--small" onClick={() => setStarting(true)}>
            Start campaign
          </button>
        )}
      >
        <ErrorAlert error={silent.error} />
        {silent.data && (
          <p class="muted">{`Accounts with at least ${silent.data.rule.min_orders} orders whose time since their last order is more than ${silent.data.rule.multiple_percent / 100}× their own median interval, complaints or not: ${silent.data.accounts} accounts, ${formatMoney(silent.data.value_at_risk_minor)} a year at risk.`}</p>
        )}
        {starting && <CampaignForm selected={selected} onCancel={() => setStarting(false)} />}
        {silent.data && <DataTable caption="Silent attrition" columns={silentColumns} rows={silent.data.items} rowKey={(row) => row.account_id} />}
        {silent.data?.items.length === 0 && <p class="empty">No account has gone quiet beyond its usual rhythm.</p>}
      </Panel>
      <Panel title="Lowest health">
        <ErrorAlert error={atRisk.error} />
        {atRisk.data && <DataTable caption="Lowest health" columns={AT_RISK_COLUMNS} rows={atRisk.data.items} rowKey={(row) => row.account_id} />}
      </Panel>
    </div>
  );
}
