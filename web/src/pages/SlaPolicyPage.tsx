// One SLA policy: its calendar, targets per priority (business minutes, with
// their hours and business days on the policy's calendar), pause statuses,
// warning thresholds, complaint acknowledgement, review date and default
// mark. Those with sla.admin edit it (PATCH with If-Match; a stale save, 412,
// reloads it and says so; the server's errors are shown by their fields, e.g.
// `targets.2.resolution`); everyone else reads it.

import { Badge, ReviewBadge } from '../components/Badge';
import { DataTable, type Column } from '../components/DataTable';
import { DetailsList } from '../components/DetailsList';
import { CheckboxField, CheckboxGroupField, Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { fetchAllPages, getSlaPolicy, listCalendars, updateSlaPolicy } from '../endpoints';
import { formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm, type FormValues } from '../hooks/useForm';
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  labelFor,
  SLA_PAUSABLE_STATUSES,
  SLA_TARGET_CLOCKS,
  type BusinessCalendar,
  type CaseStatus,
  type SessionUser,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaTargets,
} from '../records';
import { href } from '../router';
import { businessDayMinutes, canAdministerSla, describeBusinessMinutes } from '../sla';
import { saveAndShow } from '../versionedSave';

const STALE_MESSAGE = 'Someone else changed this policy meanwhile. The form now shows their version: make your changes again and save.';

type Priority = keyof SlaTargets;

const PRIORITIES = CASE_PRIORITIES.map((priority) => ({ ...priority, value: priority.value as Priority }));

const targetName = (priority: Priority, clock: string) => `targets.${priority}.${clock}`;

export function SlaPolicyPage({ policyId, user }: { policyId: number; user: SessionUser }) {
  const policy = useAsync(() => getSlaPolicy(policyId), [policyId]);
  const calendars = useAsync(() => fetchAllPages(listCalendars), []);
  useDocumentTitle(policy.data?.name ?? 'SLA policy');
  const back = { label: 'SLA settings', path: '/sla' };
  if (!policy.data) {
    return <RecordPending back={back} loading={policy.loading} error={policy.error} missing="There is no such SLA policy." />;
  }
  const current = policy.data;
  const calendar = calendars.data?.find((each) => each.id === current.calendar_id);
  return (
    <div class="page">
      <Breadcrumb {...back} />
      <div class="page-header">
        <h1>{current.name}</h1>
        <div class="page-header-badges">
          {current.is_default && <Badge tone="info">Default</Badge>}
          <ReviewBadge policy={current} />
        </div>
      </div>
      <p class="page-subtitle">
        {`SLA policy ${current.id} · business time on `}
        {calendar ? <a href={href(`/sla/calendars/${calendar.id}`)}>{calendar.name}</a> : `calendar ${current.calendar_id}`}
      </p>
      {canAdministerSla(user.role) ? (
        <Panel title="Edit policy">
          <PolicyForm policy={current} calendars={calendars.data ?? []} onSaved={policy.setData} />
        </Panel>
      ) : (
        <PolicyDetails policy={current} dayMinutes={calendar ? businessDayMinutes(calendar.calendar) : null} />
      )}
    </div>
  );
}

function PolicyDetails({ policy, dayMinutes }: { policy: SlaPolicy; dayMinutes: number | null }) {
  const columns: readonly Column<(typeof PRIORITIES)[number]>[] = [
    { header: 'Priority', cell: (priority) => priority.label },
    ...SLA_TARGET_CLOCKS.map((clock) => ({
      header: clock.label,
      cell: (priority: (typeof PRIORITIES)[number]) => {
        const minutes = policy.targets[priority.value]?.[clock.value];
        return minutes === undefined ? <span class="muted">No target</span> : `${minutes} min (${describeBusinessMinutes(minutes, dayMinutes)})`;
      },
    })),
  ];
  return (
    <>
      <Panel title="Targets">
        <DataTable caption="Targets per priority" columns={columns} rows={PRIORITIES} rowKey={(priority) => priority.value} />
      </Panel>
      <Panel title="Rules">
        <DetailsList
          rows={[
            ['Pauses in', policy.pause_statuses.map((status) => labelFor(CASE_STATUSES, status)).join(', ') || 'Never pauses'],
            ['Warnings at', policy.warn_at.map((percent) => `${percent} %`).join(', ')],
            ['Complaint acknowledgement', policy.acknowledgement === null ? null : describeBusinessMinutes(policy.acknowledgement, dayMinutes)],
            ['Review on', formatDate(policy.review_on)],
            ['Default policy', policy.is_default ? 'Yes: accounts without a policy take it' : 'No'],
          ]}
        />
      </Panel>
    </>
  );
}

function valuesOf(policy: SlaPolicy): FormValues {
  const targets = Object.fromEntries(
    PRIORITIES.flatMap((priority) =>
      SLA_TARGET_CLOCKS.map((clock) => [targetName(priority.value, clock.value), policy.targets[priority.value]?.[clock.value]?.toString() ?? '']),
    ),
  );
  return {
    name: policy.name,
    calendar_id: String(policy.calendar_id),
    ...targets,
    pause_statuses: policy.pause_statuses.join(','),
    'warn_at[0]': policy.warn_at[0]?.toString() ?? '',
    'warn_at[1]': policy.warn_at[1]?.toString() ?? '',
    acknowledgement: policy.acknowledgement?.toString() ?? '',
    review_on: policy.review_on,
    is_default: policy.is_default ? 'true' : '',
  };
}

function changesOf(values: FormValues): SlaPolicyInput {
  const minutes = (name: string) => {
    const text = (values[name] ?? '').trim();
    return text === '' ? undefined : Number(text);
  };
  const targets: SlaTargets = {};
  for (const priority of PRIORITIES) {
    const set = Object.fromEntries(SLA_TARGET_CLOCKS.flatMap((clock) => {
      const value = minutes(targetName(priority.value, clock.value));
      return value === undefined ? [] : [[clock.value, value]];
    }));
    if (Object.keys(set).length > 0) targets[priority.value] = set;
  }
  return {
    name: (values.name ?? '').trim(),
    calendar_id: Number(values.calendar_id),
    targets,
    pause_statuses: (values.pause_statuses ?? '').split(',').filter(Boolean) as CaseStatus[],
    warn_at: [minutes('warn_at[0]'), minutes('warn_at[1]')].filter((percent): percent is number => percent !== undefined),
    acknowledgement: minutes('acknowledgement') ?? null,
    review_on: values.review_on ?? '',
    is_default: values.is_default === 'true',
  };
}

interface PolicyFormProps {
  policy: SlaPolicy;
  calendars: readonly BusinessCalendar[];
  onSaved: (policy: SlaPolicy) => void;
}

function PolicyForm({ policy, calendars, onSaved }: PolicyFormProps) {
  const form = useForm({
    initial: valuesOf(policy),
    required: ['name', 'calendar_id', 'review_on'],
    // pause_statuses[1] is one of the checkboxes: said by the group.
    fieldOf: (field) => field.replace(/^pause_statuses\[\d+\]$/, 'pause_statuses'),
    onSubmit: (values) =>
      saveAndShow({
        save: () => updateSlaPolicy(policy, changesOf(values)),
        load: () => getSlaPolicy(policy.id),
        show: (latest) => {
          form.reset(valuesOf(latest));
          onSaved(latest);
        },
        staleMessage: STALE_MESSAGE,
      }),
  });
  const chosenCalendar = calendars.find((calendar) => String(calendar.id) === form.values.calendar_id);
  const dayMinutes = chosenCalendar ? businessDayMinutes(chosenCalendar.calendar) : null;
  const minutesHint = (name: string) => {
    const text = (form.values[name] ?? '').trim();
    const value = Number(text);
    if (text === '') return 'No target';
    return Number.isFinite(value) && value > 0 ? describeBusinessMinutes(value, dayMinutes) : 'Whole business minutes';
  };
  const calendarOptions = calendars.map((calendar) => ({ value: String(calendar.id), label: calendar.name }));

  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="Edit SLA policy">
      <Field form={form} name="name" label="Name" maxLength={200} />
      <Field form={form} name="calendar_id" label="Business calendar" options={calendarOptions} emptyOption={calendars.length === 0 ? 'Loading…' : 'Choose…'} />
      <p class="field--wide muted small">
        Targets are business minutes on the calendar; leave one blank for no target (that clock does not apply at that priority).
        {dayMinutes !== null && ` A business day on this calendar is ${describeBusinessMinutes(dayMinutes, null)}.`}
      </p>
      {PRIORITIES.map((priority) => (
        <fieldset key={priority.value} class="field--wide target-grid">
          <legend>{priority.label}</legend>
          {SLA_TARGET_CLOCKS.map((clock) => {
            const name = targetName(priority.value, clock.value);
            return <Field key={name} form={form} name={name} label={`${clock.label} (minutes)`} type="number" min={1} hint={minutesHint(name)} />;
          })}
        </fieldset>
      ))}
      <CheckboxGroupField
        form={form}
        name="pause_statuses"
        label="Pause the clocks while the case is"
        options={SLA_PAUSABLE_STATUSES}
        hint="Resolved and closed stop the clocks. First response, next update and resolution pause; acknowledgement never does."
      />
      <Field form={form} name="warn_at[0]" label="First warning at (% of target)" type="number" min={1} max={99} />
      <Field form={form} name="warn_at[1]" label="Second warning at (% of target)" type="number" min={1} max={99} />
      <Field form={form} name="acknowledgement" label="Complaint acknowledgement (minutes)" type="number" min={1} hint={minutesHint('acknowledgement')} />
      <Field form={form} name="review_on" label="Review date" type="date" hint="Highlighted from 30 days before." />
      <CheckboxField form={form} name="is_default" label="Default policy (for accounts without one)" hint="Marking this policy takes the mark from the current default." />
      <FormFooter form={form} submitLabel="Save policy" />
    </form>
  );
}
