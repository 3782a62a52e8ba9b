// The time left until a due instant, counting down live: "3 h 05 min left",
// or "overdue by 12 min 09 s" once it has passed. Every countdown on the page
// shares one ticking timer; each re-renders every second within the hour
// around its due time and every 30 seconds otherwise. The text is not
// announced as it changes (aria-live="off"); its title says the due time.

import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../format';
import { formatTimeSpan } from '../sla';

const NEAR_MS = 60 * 60_000;
const SLOW_TICK_MS = 30_000;

type Listener = (now: number) => void;

const listeners = new Set<Listener>();
let timer: number | undefined;

/** Calls listener every second while subscribed, from the one interval all countdowns share. */
function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  timer ??= window.setInterval(() => {
    const now = Date.now();
    for (const each of listeners) each(now);
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Whether the time left, or overdue, is within the hour: shown to the second. */
function isNear(dueMs: number, now: number): boolean {
  return Math.abs(dueMs - now) < NEAR_MS;
}

export function Countdown({ due }: { due: string }) {
  const dueMs = Date.parse(due);
  const [now, setNow] = useState(Date.now);
  useEffect(
    () => subscribe((tick) => setNow((shown) => (isNear(dueMs, tick) || tick - shown >= SLOW_TICK_MS ? tick : shown))),
    [dueMs],
  );
  const left = dueMs - now;
  const overdue = left < 0;
  const span = formatTimeSpan(left);
  const tone = overdue ? ' countdown--overdue' : isNear(dueMs, now) ? ' countdown--near' : '';
  return (
    <time class={`countdown${tone}`} dateTime={due} title={`Due ${formatDateTime(due)}`} aria-live="off">
      {overdue ? `overdue by ${span}` : `${span} left`}
    </time>
  );
}
