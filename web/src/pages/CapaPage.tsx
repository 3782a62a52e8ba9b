// One corrective action: its details; for those who may write CAPAs an edit
// form (title, description, owner, due date, status) saved with If-Match, and
// once it is done the effectiveness check (verified effective or not, with a
// note). A stale save (412) reloads the CAPA and says so.

import { Badge, CapaStatusBadge } from '../components/Badge';
import { DetailsList } from '../components/DetailsList';
import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { Panel } from '../components/Panel';
import { canWriteCapas, isOverdue } from '../complaintWorkflow';
import { getCapa, updateCapa } from '../endpoints';
import { blankToNull, formatDate, formatDateTime, todayIsoDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import { CAPA_STATUSES, EFFECTIVENESS, labelFor, type Capa, type CapaInput, type CapaStatus, type Effectiveness, type SessionUser } from '../records';
import { href } from '../router';
import { saveVersioned } from '../versionedSave';

const STALE_MESSAGE = 'Someone else changed this CAPA meanwhile. The form now shows their version: make your changes again and save.';

export function CapaPage({ capaId, user }: { capaId: number; user: SessionUser }) {
  const capa = useAsync(() => getCapa(capaId), [capaId]);
  useDocumentTitle(capa.data?.title ?? 'CAPA');
  const back = { label: 'CAPAs', path: '/capas' };
  if (!capa.data) {
    return <RecordPending back={back} loading={capa.loading} error={capa.error} missing="There is no such CAPA." />;
  }
  const current = capa.data;
  const canWrite = canWriteCapas(user.role);
  return (
    <div class="page">
      <Breadcrumb {...back} />
      <div class="page-header">
        <h1>{current.title}</h1>
        <div class="page-header-badges">
          <CapaStatusBadge status={current.status} />
          {isOverdue(current, todayIsoDate()) && <Badge tone="bad">Overdue</Badge>}
        </div>
      </div>
      <p class="page-subtitle">
        {`CAPA ${current.id} · raised from `}
        <a href={href(`/cases/${current.case_id}`)}>{`case ${current.case_id}`}</a>
      </p>
      <div class="account-layout">
        <div class="account-main">
          {canWrite ? (
            <Panel title="Corrective action">
              <CapaForm capa={current} onSaved={capa.setData} />
            </Panel>
          ) : (
            <Panel title="Corrective action">
              <DetailsList
                rows={[
                  ['Owner', current.owner_name],
                  ['Due', formatDate(current.due_on)],
                  ['Status', labelFor(CAPA_STATUSES, current.status)],
                  ['Description', current.description],
                ]}
              />
            </Panel>
          )}
        </div>
        <div class="account-side">
          <Panel title="Effectiveness">
            <DetailsList
              rows={[
                ['Check', labelFor(EFFECTIVENESS, current.effectiveness)],
                ['Note', current.effectiveness_note],
                ['Verified', current.verified_at && formatDateTime(current.verified_at)],
              ]}
            />
            {canWrite && current.status === 'done' && <EffectivenessForm capa={current} onSaved={capa.setData} />}
            {current.status !== 'done' && <p class="muted small">The effectiveness is checked once the CAPA is done.</p>}
          </Panel>
        </div>
      </div>
    </div>
  );
}

/** A PATCH with If-Match that, on 412, shows the newer version and says so. */
function saveCapa(capa: Capa, changes: CapaInput, onReloaded: (latest: Capa) => void): Promise<Capa> {
  return saveVersioned({ save: () => updateCapa(capa, changes), load: () => getCapa(capa.id), onReloaded, staleMessage: STALE_MESSAGE });
}

function CapaForm({ capa, onSaved }: { capa: Capa; onSaved: (capa: Capa) => void }) {
  const users = useUsers();
  const ownerOptions = (users.data ?? [])
    .filter((staff) => staff.active || staff.id === capa.owner_id)
    .map((staff) => ({ value: String(staff.id), label: staff.display_name }));
  const valuesOf = (record: Capa) => ({
    title: record.title,
    owner_id: String(record.owner_id),
    due_on: record.due_on,
    status: record.status as string,
    description: record.description ?? '',
  });
  const form = useForm({
    initial: valuesOf(capa),
    required: ['title', 'owner_id', 'due_on'],
    onSubmit: async (values) => {
      const changes: CapaInput = {
        title: values.title.trim(),
        owner_id: Number(values.owner_id),
        due_on: values.due_on,
        status: values.status as CapaStatus,
        description: blankToNull(values.description),
      };
      onSaved(await saveCapa(capa, changes, (latest) => {
        form.reset(valuesOf(latest));
        onSaved(latest);
      }));
    },
  });
  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="Edit CAPA">
      <Field form={form} name="title" label="Title" maxLength={200} wide />
      <Field form={form} name="owner_id" label="Owner" options={ownerOptions} emptyOption={users.loading ? 'Loading…' : 'Choose…'} />
      <Field form={form} name="due_on" label="Due date" type="date" />
      <Field form={form} name="status" label="Status" options={CAPA_STATUSES} />
      <Field form={form} name="description" label="Description" multiline maxLength={20000} wide />
      <FormFooter form={form} submitLabel="Save changes" />
    </form>
  );
}

function EffectivenessForm({ capa, onSaved }: { capa: Capa; onSaved: (capa: Capa) => void }) {
  const valuesOf = (record: Capa) => ({ effectiveness: record.effectiveness ?? '', effectiveness_note: record.effectiveness_note ?? '' });
  const form = useForm({
    initial: valuesOf(capa),
    required: ['effectiveness', 'effectiveness_note'],
    onSubmit: async ({ effectiveness, effectiveness_note }) => {
      const changes = { effectiveness: effectiveness as Effectiveness, effectiveness_note: effectiveness_note.trim() };
      onSaved(await saveCapa(capa, changes, (latest) => {
        form.reset(valuesOf(latest));
        onSaved(latest);
      }));
    },
  });
  return (
    <form class="form-grid inline-form" onSubmit={form.handleSubmit} noValidate aria-label="Effectiveness check">
      <Field form={form} name="effectiveness" label="Result" options={EFFECTIVENESS} emptyOption="Choose…" wide />
      <Field form={form} name="effectiveness_note" label="What was checked" multiline maxLength={2000} wide />
      <FormFooter form={form} submitLabel="Record check" />
    </form>
  );
}
