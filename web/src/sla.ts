// Who reads and changes SLA settings (docs/PERMISSIONS.md), and how SLA
// durations read: business minutes as hours and business days, and the
// time left until a due instant.

import type { CalendarSpec, Role } from './records';

/** Everyone who reads cases (cases.read) reads their clocks, the policies and the calendars. */
export function canReadCases(role: Role): boolean {
  return role !== 'hr';
}

/** sla.admin: CS managers and admins change calendars and policies. */
export function canAdministerSla(role: Role): boolean {
  return role === 'cs_manager' || role === 'admin';
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** How many days of the week are open, and the open minutes of the week. */
export function weeklyOpenTime(calendar: CalendarSpec): { days: number; minutes: number } {
  const days = Object.values(calendar.hours).filter((intervals) => intervals.length > 0);
  const minutes = days.flat().reduce((sum, [open, close]) => sum + Math.max(0, minutesOf(close) - minutesOf(open)), 0);
  return { days: days.length, minutes };
}

/** The open minutes of the calendar's average open day (8 h 30 min for 08:30–17:00), or null when it has none. */
export function businessDayMinutes(calendar: CalendarSpec): number | null {
  const { days, minutes } = weeklyOpenTime(calendar);
  return days > 0 && minutes > 0 ? minutes / days : null;
}

/** `270` → `4 h 30 min`; `45` → `45 min`. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const whole = Math.abs(Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${sign}${rest} min`;
  return `${sign}${hours} h${rest > 0 ? ` ${rest} min` : ''}`;
}

/** Business minutes as hours, and as business days of `dayMinutes` when a target is that long: `4 h`, `25 h 30 min · 3 business days`. */
export function describeBusinessMinutes(minutes: number, dayMinutes: number | null): string {
  const hours = formatMinutes(minutes);
  if (dayMinutes === null || minutes < dayMinutes) return hours;
  const days = Math.round((minutes / dayMinutes) * 10) / 10;
  return `${hours} · ${days.toLocaleString('en-GB')} business ${days === 1 ? 'day' : 'days'}`;
}

/** How far an instant is from now, to the second when it is within the hour: `2 d 4 h`, `3 h 05 min`, `12 min 09 s`. */
export function formatTimeSpan(milliseconds: number): string {
  const seconds = Math.floor(Math.abs(milliseconds) / 1000);
  const pad = (part: number) => String(part).padStart(2, '0');
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${pad(minutes % 60)} min`;
  return `${minutes} min ${pad(seconds % 60)} s`;
}
