// Late delivery against the promised date, a service measure in its own right
// (DOMAIN.md §1): delivered after the promise, or not delivered and past it.

import { daysBetween } from './format';
import type { Order } from './records';

export type Lateness = { state: 'late'; days: number } | { state: 'overdue'; days: number } | null;

export function deliveryLateness(order: Order, today: string): Lateness {
  if (!order.promised_on) return null;
  if (order.delivered_on) {
    const days = daysBetween(order.promised_on, order.delivered_on);
    return days > 0 ? { state: 'late', days } : null;
  }
  const days = daysBetween(order.promised_on, today);
  return days > 0 ? { state: 'overdue', days } : null;
}
