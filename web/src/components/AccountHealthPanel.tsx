// An account's retention on its page: the health score with the reason
// behind each component, its order figures (usual interval, recency,
// lifetime value with its formula) and a chart of its monthly orders with
// the numbers in a table beside it.

import { useMemo } from 'preact/hooks';
import { formatDate, formatMoney } from '../format';
import { useAsync } from '../hooks/useAsync';
import { getAccountRetention, type AccountRetention } from '../retention';
import { Chart, type ChartOption } from './Chart';
import { DataTable } from './DataTable';
import { ErrorAlert } from './ErrorAlert';
import { HealthBadge } from './HealthBadge';
import { Panel } from './Panel';

const COMPONENT_LABELS: Record<string, string> = {
  order_trend: 'Order trend',
  complaints: 'Complaints',
  sla: 'SLA breaches',
  surveys: 'Surveys',
  contact: 'Contact recency',
};

function trendOption(months: AccountRetention['monthly_orders']): ChartOption {
  return {
    grid: { left: 64, right: 48, top: 40, bottom: 48 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Order value', 'Orders'], top: 0 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: '£' },
      { type: 'value', name: 'Orders', minInterval: 1 },
    ],
    series: [
      { name: 'Order value', type: 'bar', data: months.map((m) => m.value_minor / 100), itemStyle: { color: '#1f5f8b' } },
      { name: 'Orders', type: 'line', yAxisIndex: 1, data: months.map((m) => m.orders), itemStyle: { color: '#b8860b' } },
    ],
  };
}

export function AccountHealthPanel({ accountId }: { accountId: number }) {
  const retention = useAsync(() => getAccountRetention(accountId), [accountId]);
  const data = retention.data;
  const option = useMemo(() => (data ? trendOption(data.monthly_orders) : null), [data]);
  return (
    <Panel title="Health and orders" actions={data && <HealthBadge score={data.health.score} />}>
      <ErrorAlert error={retention.error} />
      {retention.loading && <p class="muted">Loading…</p>}
      {data && (
        <>
          {data.silent && (
            <p class="alert alert--error" role="status">{`Silent attrition: no order for ${data.recency_days} days, more than ${data.silent_rule.multiple_percent / 100}× its usual ${data.median_interval_days} days. Value at risk ${formatMoney(data.value_at_risk_minor)} a year.`}</p>
          )}
          <ul class="health-reasons" aria-label="Health score reasons">
            {data.health.components.map((part) => (
              <li key={part.component} class={part.counted ? undefined : 'muted'}>
                <strong>{`${COMPONENT_LABELS[part.component] ?? part.component}: ${part.counted ? part.score : 'left out'}`}</strong>
                {` (weight ${part.weight}) — ${part.reason}`}
              </li>
            ))}
          </ul>
          <dl class="details">
            <div class="details-row"><dt>Last order</dt><dd>{data.last_order_on ? `${formatDate(data.last_order_on)} (${data.recency_days} days ago)` : 'None'}</dd></div>
            <div class="details-row"><dt>Usual interval</dt><dd>{data.median_interval_days === null ? '–' : `${data.median_interval_days} days (median)`}</dd></div>
            <div class="details-row"><dt>Orders, last 12 months</dt><dd>{`${data.orders} worth ${formatMoney(data.order_value_minor)}`}</dd></div>
            <div class="details-row"><dt>Lifetime value</dt><dd>{`${formatMoney(data.clv.value_minor)} = ${formatMoney(data.clv.inputs.average_order_value_minor)} × ${data.clv.inputs.purchase_frequency_per_year} a year × ${data.clv.inputs.expected_lifespan_years} years${data.clv.inputs.margin_percent === null ? '' : ` × ${data.clv.inputs.margin_percent}%`}`}</dd></div>
          </dl>
          {option && <Chart option={option} label="Bar chart of the account's monthly order value over 24 months, with its number of orders as a line" height="16rem" />}
          <DataTable
            caption="Monthly orders"
            columns={[
              { header: 'Month', cell: (m) => m.month },
              { header: 'Orders', cell: (m) => m.orders, align: 'numeric' },
              { header: 'Value', cell: (m) => formatMoney(m.value_minor), align: 'numeric' },
            ]}
            rows={data.monthly_orders.filter((m) => m.orders > 0).slice(-6)}
            rowKey={(m) => m.month}
          />
        </>
      )}
    </Panel>
  );
}
