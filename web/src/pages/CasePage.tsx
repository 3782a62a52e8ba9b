// One case: subject, account, type, priority and status; the timeline with the
// reply and internal-note boxes; its mails in and out; status moves and assignment; its SLA clocks;
// why it is with whom (the allocation rationale);
// for a complaint its ISO 10002 steps, escalations and CAPAs. Those who only read cases
// (auditors) see no controls.

import { useState } from 'preact/hooks';
import { canWorkCases } from '../caseWorkflow';
import { canReadCapas, canWriteCapas } from '../complaintWorkflow';
import { AllocationPanel } from '../components/AllocationPanel';
import { CaseStatusBadge, PriorityBadge } from '../components/Badge';
import { CaseAssignment } from '../components/CaseAssignment';
import { CaseCapasPanel } from '../components/CaseCapasPanel';
import { CaseMailsPanel } from '../components/CaseMailsPanel';
import { CaseStatusActions } from '../components/CaseStatusActions';
import { CaseTimelinePanel } from '../components/CaseTimelinePanel';
import { ComplaintPanel } from '../components/ComplaintPanel';
import { DetailsList } from '../components/DetailsList';
import { ErrorAlert } from '../components/ErrorAlert';
import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { EscalationsPanel } from '../components/EscalationsPanel';
import { Panel } from '../components/Panel';
import { SlaPanel } from '../components/SlaPanel';
import { getCase } from '../endpoints';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useComplaint } from '../hooks/useComplaint';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { getCaseMails } from '../mail';
import { CASE_CHANNELS, CASE_TYPES, labelFor, type Case, type SessionUser } from '../records';
import { href } from '../router';

export function CasePage({ caseId, user }: { caseId: number; user: SessionUser }) {
  const kase = useAsync(() => getCase(caseId), [caseId]);
  const [revision, setRevision] = useState(0);
  useDocumentTitle(kase.data?.subject ?? 'Case');
  const canWork = canWorkCases(user.role);
  const { complaint, stepEvents, capas } = useComplaint(caseId, kase.data?.type === 'complaint', user.role, revision);
  const mails = useAsync(() => getCaseMails(caseId), [caseId, revision]);

  const back = { label: 'My queue', path: '/cases/mine' };
  if (!kase.data) {
    return <RecordPending back={back} loading={kase.loading} error={kase.error} missing="There is no such case." />;
  }

  const current = kase.data;
  /** The case changed here: show the new version and its timeline. */
  const changed = (saved: Case) => {
    kase.setData(saved);
    setRevision((count) => count + 1);
  };
  /** The case changed by other means (a reply, someone else): load both again. */
  const refresh = () => {
    kase.reload();
    setRevision((count) => count + 1);
  };
  /** The complaint changed (a step, an escalation): it may have moved the case too. */
  const complaintChanged = () => {
    complaint.reload();
    refresh();
  };

  return (
    <div class="page">
      <Breadcrumb {...back} />
      <div class="page-header">
        <h1>{current.subject}</h1>
        <div class="page-header-badges">
          <PriorityBadge priority={current.priority} />
          <CaseStatusBadge status={current.status} />
        </div>
      </div>
      <p class="page-subtitle">
        {`Case ${current.id} · ${labelFor(CASE_TYPES, current.type)} · `}
        <a href={href(`/accounts/${current.account_id}`)}>{current.account_name}</a>
      </p>
      <div class="account-layout">
        <div class="account-main">
          {current.description && (
            <Panel title="Description">
              <p class="notes">{current.description}</p>
            </Panel>
          )}
          <ErrorAlert error={complaint.error ?? stepEvents.error ?? capas.error} />
          {complaint.data && (
            <ComplaintPanel
              complaint={complaint.data}
              stepEvents={stepEvents.data ?? []}
              hasCapa={(capas.data ?? []).length > 0}
              role={user.role}
              canWork={canWork}
              onTaken={(taken) => {
                complaint.setData(taken);
                refresh();
              }}
              onRefused={complaintChanged}
            />
          )}
          <CaseTimelinePanel caseId={caseId} canWork={canWork} revision={revision} mails={mails} onPosted={refresh} />
          <CaseMailsPanel mails={mails} canWork={canWork} />
        </div>
        <div class="account-side">
          {canWork && (
            <Panel title="Status">
              <CaseStatusActions kase={current} role={user.role} onChanged={changed} onStale={refresh} />
            </Panel>
          )}
          <SlaPanel kase={current} />
          <AllocationPanel kase={current} canWork={canWork} onAssigned={refresh} />
          {complaint.data && <EscalationsPanel complaint={complaint.data} canWork={canWork} onEscalated={complaintChanged} />}
          {complaint.data && canReadCapas(user.role) && (
            <CaseCapasPanel caseId={caseId} capas={capas.data ?? []} canWrite={canWriteCapas(user.role)} onRaised={capas.reload} />
          )}
          <Panel title="Details">
            {canWork && <CaseAssignment key={current.assignee_id ?? 0} kase={current} onSaved={changed} onReloaded={changed} />}
            <DetailsList
              rows={[
                ...(canWork ? [] : [['Assignee', current.assignee_name ?? 'Unassigned'] as const]),
                ['Channel', labelFor(CASE_CHANNELS, current.channel)],
                ['Opened', formatDateTime(current.opened_at)],
                ['Updated', formatDateTime(current.updated_at)],
                ['Resolved', current.resolved_at && formatDateTime(current.resolved_at)],
                ['Closed', current.closed_at && formatDateTime(current.closed_at)],
                ['Replies', `${current.outbound_replies} sent, ${current.inbound_replies} received`],
                ['Reopened', current.reopen_count > 0 ? `${current.reopen_count} times` : 'Never'],
              ]}
            />
          </Panel>
        </div>
      </div>
    </div>
  );
}
