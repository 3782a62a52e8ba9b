// An account's orders with their dates and value; late deliveries are marked.

import { deliveryLateness, type Lateness } from '../delivery';
import { listOrders } from '../endpoints';
import { formatDate, formatMoney, todayIsoDate } from '../format';
import { usePagedList } from '../hooks/usePagedList';
import type { Order } from '../records';
import { Badge } from './Badge';
import { DataTable, type Column } from './DataTable';
import { ListFooter } from './ListFooter';
import { Panel } from './Panel';

export function OrdersPanel({ accountId }: { accountId: number }) {
  const orders = usePagedList((after) => listOrders(accountId, after), [accountId]);
  const today = todayIsoDate();
  const columns: Column<Order>[] = [
    { header: 'Number', cell: (order) => order.number },
    { header: 'Ordered', cell: (order) => formatDate(order.ordered_on) },
    { header: 'Promised', cell: (order) => formatDate(order.promised_on) },
    {
      header: 'Delivered',
      cell: (order) => (
        <>
          {formatDate(order.delivered_on)} <LatenessBadge lateness={deliveryLateness(order, today)} />
        </>
      ),
    },
    { header: 'Value', cell: (order) => formatMoney(order.value_minor, order.currency), align: 'numeric' },
  ];

  return (
    <Panel title="Orders">
      <DataTable caption="Orders" columns={columns} rows={orders.items} rowKey={(order) => order.id} />
      <ListFooter list={orders} emptyText="No orders." />
    </Panel>
  );
}

function LatenessBadge({ lateness }: { lateness: Lateness }) {
  if (!lateness) return null;
  const days = `${lateness.days} ${lateness.days === 1 ? 'day' : 'days'}`;
  return lateness.state === 'late' ? <Badge tone="bad">{`Late by ${days}`}</Badge> : <Badge tone="warning">{`Overdue ${days}`}</Badge>;
}
