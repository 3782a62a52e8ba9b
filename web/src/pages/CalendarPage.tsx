// One business calendar: its time zone, open hours per weekday (several
// intervals a day) and holidays. Those with sla.admin edit it (PATCH with
// If-Match; a stale save, 412, reloads it and says so) and import holidays
// from an iCalendar file, merged and saved at once; the server's errors are
// shown at their interval, zone or date (`calendar.hours.mon[1]` by Monday's
// second interval). Everyone else reads it.

import { useId, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { DetailsList } from '../components/DetailsList';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field, LineListField, singleInputLine, type LineControl } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { getCalendar, importCalendarHolidays, updateCalendar } from '../endpoints';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm, type Form, type FormValues } from '../hooks/useForm';
import { WEEKDAYS, type BusinessCalendar, type CalendarSpec, type SessionUser } from '../records';
import { businessDayMinutes, canAdministerSla, describeBusinessMinutes } from '../sla';
import { saveAndShow } from '../versionedSave';

const STALE_MESSAGE = 'Someone else changed this calendar meanwhile. The form now shows their version: make your changes again and save.';

/** Zones offered as the time zone is typed; any zone the server's tzdata knows is accepted. */
const COMMON_ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Warsaw',
  'Europe/Helsinki',
  'Europe/Istanbul',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Sao_Paulo',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Africa/Johannesburg',
  'UTC',
];

const NEW_INTERVAL = '09:00-17:00';

export function CalendarPage({ calendarId, user }: { calendarId: number; user: SessionUser }) {
  const calendar = useAsync(() => getCalendar(calendarId), [calendarId]);
  useDocumentTitle(calendar.data?.name ?? 'Business calendar');
  const back = { label: 'SLA settings', path: '/sla' };
  if (!calendar.data) {
    return <RecordPending back={back} loading={calendar.loading} error={calendar.error} missing="There is no such calendar." />;
  }
  const current = calendar.data;
  const dayMinutes = businessDayMinutes(current.calendar);
  return (
    <div class="page">
      <Breadcrumb {...back} />
      <h1>{current.name}</h1>
      <p class="page-subtitle">
        {`Business calendar ${current.id} · ${current.calendar.tz}`}
        {dayMinutes !== null && ` · a business day is ${describeBusinessMinutes(dayMinutes, null)} on average`}
      </p>
      {canAdministerSla(user.role) ? (
        <Panel title="Edit calendar">
          <CalendarForm calendar={current} onSaved={calendar.setData} />
        </Panel>
      ) : (
        <Panel title="Hours and holidays">
          <DetailsList
            rows={[
              ['Time zone', current.calendar.tz],
              ...WEEKDAYS.map(({ value, label }) => [label, (current.calendar.hours[value] ?? []).map(([open, close]) => `${open}–${close}`).join(', ') || 'Closed'] as const),
              ['Holidays', (current.calendar.holidays ?? []).map(formatDate).join(', ')],
            ]}
          />
        </Panel>
      )}
    </div>
  );
}

const dayField = (day: string) => `hours.${day}`;

function valuesOf(record: BusinessCalendar): FormValues {
  const hours = Object.fromEntries(
    WEEKDAYS.map(({ value }) => [dayField(value), (record.calendar.hours[value] ?? []).map(([open, close]) => `${open}-${close}`).join('\n')]),
  );
  return { name: record.name, tz: record.calendar.tz, ...hours, holidays: (record.calendar.holidays ?? []).join('\n') };
}

const linesOf = (text: string | undefined) => (text ?? '').split('\n').map((line) => line.trim()).filter(Boolean);

function calendarOf(values: FormValues): CalendarSpec {
  const hours: CalendarSpec['hours'] = {};
  for (const { value } of WEEKDAYS) {
    const intervals = linesOf(values[dayField(value)]).map((line) => {
      const [open = '', close = ''] = line.split('-');
      return [open.trim(), close.trim()] as [string, string];
    });
    if (intervals.length > 0) hours[value] = intervals;
  }
  return { tz: (values.tz ?? '').trim(), hours, holidays: linesOf(values.holidays) };
}

/** The server names the calendar's parts under `calendar.`, and an interval's times as `…mon[1][0]`: both are shown by the interval. */
function fieldOf(serverField: string): string {
  return serverField.replace(/^calendar\./, '').replace(/^(hours\.[a-z]+\[\d+\])\[\d+\]$/, '$1');
}

function CalendarForm({ calendar, onSaved }: { calendar: BusinessCalendar; onSaved: (calendar: BusinessCalendar) => void }) {
  const form = useForm({
    initial: valuesOf(calendar),
    required: ['name', 'tz'],
    fieldOf,
    onSubmit: (values) =>
      saveAndShow({
        save: () => updateCalendar(calendar, { name: (values.name ?? '').trim(), calendar: calendarOf(values) }),
        load: () => getCalendar(calendar.id),
        show: (latest) => {
          form.reset(valuesOf(latest));
          onSaved(latest);
        },
        staleMessage: STALE_MESSAGE,
      }),
  });
  return (
    <>
      <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="Edit calendar">
        <Field form={form} name="name" label="Name" maxLength={200} />
        <Field form={form} name="tz" label="Time zone" suggestions={COMMON_ZONES} hint="An IANA zone, e.g. Europe/London" />
        {WEEKDAYS.map(({ value, label }) => (
          <LineListField key={value} form={form} name={dayField(value)} label={label} lineLabel="Interval" maxLines={6} minLines={0} newLine={NEW_INTERVAL} renderLine={IntervalLine} />
        ))}
        <LineListField form={form} name="holidays" label="Holidays" lineLabel="Holiday" maxLines={500} renderLine={DateLine} inline hint="Local dates in the calendar's zone; a holiday closes that day." />
        <FormFooter form={form} submitLabel="Save calendar" />
      </form>
      <HolidayImport calendar={calendar} form={form} onImported={onSaved} />
    </>
  );
}

/** An interval of open hours: two local times, `HH:MM` (24:00 closes at midnight). */
function IntervalLine({ id, label, value, onChange, invalid, describedBy }: LineControl) {
  const [open = '', close = ''] = value.split('-');
  const time = (which: 'opens' | 'closes', inputId: string, current: string, changed: (text: string) => string) => (
    <>
      <label class="visually-hidden" for={inputId}>{`${label} ${which}`}</label>
      <input
        id={inputId}
        type="text"
        inputMode="numeric"
        maxLength={5}
        placeholder="HH:MM"
        value={current}
        onInput={(event) => onChange(changed(event.currentTarget.value))}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
      />
    </>
  );
  return (
    <span class="interval">
      {time('opens', id, open, (text) => `${text}-${close}`)}
      <span aria-hidden="true">–</span>
      {time('closes', `${id}-close`, close, (text) => `${open}-${text}`)}
    </span>
  );
}

/** A holiday: one date. */
const DateLine = singleInputLine('date');

/** Uploads an .ics file's text; its dates are merged into the stored holidays, and into the form's. */
function HolidayImport({ calendar, form, onImported }: { calendar: BusinessCalendar; form: Form<FormValues>; onImported: (calendar: BusinessCalendar) => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ error: string | null; notice: string | null }>({ error: null, notice: null });
  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setOutcome({ error: null, notice: null });
    try {
      const updated = await importCalendarHolidays(calendar.id, await file.text());
      const merged = [...new Set([...linesOf(form.values.holidays), ...(updated.calendar.holidays ?? [])])].sort();
      form.set('holidays', merged.join('\n'));
      onImported(updated);
      const added = updated.holidays_added ?? 0;
      setOutcome({ error: null, notice: `${file.name}: ${added} new ${added === 1 ? 'holiday' : 'holidays'} saved.` });
    } catch (failure) {
      const reasons = failure instanceof ApiError ? failure.errors.map((error) => error.message) : [];
      const detail = failure instanceof Error ? failure.message : String(failure);
      setOutcome({ error: [detail, ...reasons].join(': '), notice: null });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <div class="field holiday-import">
      <label for={id}>Import holidays (.ics)</label>
      <input id={id} type="file" accept=".ics,text/calendar" disabled={busy} aria-describedby={`${id}-hint`} onChange={(event) => void importFile(event.currentTarget)} />
      <p class="field-hint" id={`${id}-hint`}>
        All-day events only (such as the UK government's bank-holiday feed); their dates are saved at once.
      </p>
      <ErrorAlert error={outcome.error} />
      {outcome.notice && (
        <div class="alert alert--info" role="status">
          {outcome.notice}
        </div>
      )}
    </div>
  );
}
