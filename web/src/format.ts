// How dates, times, money and countries read in the UI (British English),
// and the conversions between form inputs and API values.

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region' });

/** `2026-11-03` → `3 Nov 2026`; empty for no date. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

/** An RFC 3339 time in the viewer's time zone: `3 Nov 2026, 14:05`. */
export function formatDateTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : dateTimeFormat.format(date);
}

/** Minor units (pence for GBP) as money: `123456` → `£1,234.56`. */
export function formatMoney(minor: number, currency = 'GBP'): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** `DE` → `Germany`; unknown codes are shown as they are. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The value of a datetime-local input (the viewer's local time) as RFC 3339 UTC. */
export function localDateTimeToRfc3339(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A trimmed form value, or null when blank (the API's "not set"). */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Today's date (or the date `daysAgo` days before it) in the viewer's time zone as `YYYY-MM-DD`. */
export function todayIsoDate(daysAgo = 0): string {
  const now = new Date();
  now.setDate(now.getDate() - daysAgo);
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The first day (`YYYY-MM-DD`) of the month `monthsAgo` months before this one, local time. */
export function monthStartIsoDate(monthsAgo: number): string {
  const now = new Date();
  const start = new Date(now.getFullYear(), now.getMonth() - monthsAgo, 1);
  return `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-01`;
}

/** Whole days from one `YYYY-MM-DD` date to a later one. */
export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  const millisPerDay = 86_400_000;
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / millisPerDay);
}

/** How long ago an RFC 3339 time was, briefly: `5 min`, `3 h`, `12 d`. */
export function formatAge(rfc3339: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(rfc3339)) / 60_000));
  if (Number.isNaN(minutes)) return '';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / (24 * 60))} d`;
}
