// One account: its health and orders trend, details (editable), contacts,
// timeline with "Record interaction", orders and installed assets; "New case" for the account.

import { useState } from 'preact/hooks';
import { canWorkCases } from '../caseWorkflow';
import { AccountDetails } from '../components/AccountDetails';
import { AccountForm } from '../components/AccountForm';
import { AccountHealthPanel } from '../components/AccountHealthPanel';
import { AssetsPanel } from '../components/AssetsPanel';
import { StatusBadge, TierBadge } from '../components/Badge';
import { ContactsPanel } from '../components/ContactsPanel';
import { Breadcrumb, RecordPending } from '../components/RecordPending';
import { OrdersPanel } from '../components/OrdersPanel';
import { Panel } from '../components/Panel';
import { SurveyHistoryPanel } from '../components/SurveyHistoryPanel';
import { TimelinePanel } from '../components/TimelinePanel';
import { fetchAllPages, getAccount, listContacts } from '../endpoints';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import type { SessionUser } from '../records';
import { canReadRetention } from '../retention';
import { href } from '../router';
import { canReadSurveys } from '../surveys';

export function AccountPage({ accountId, user }: { accountId: number; user: SessionUser }) {
  const account = useAsync(() => getAccount(accountId), [accountId]);
  const contacts = useAsync(() => fetchAllPages((after) => listContacts(accountId, after)), [accountId]);
  const [editing, setEditing] = useState(false);
  useDocumentTitle(account.data?.name ?? 'Account');

  const back = { label: 'Accounts', path: '/accounts' };
  if (!account.data) {
    return <RecordPending back={back} loading={account.loading} error={account.error} missing="There is no such account; it may have been deleted." />;
  }

  const current = account.data;
  const editButton = !editing && (
    <button type="button" class="button button--small" onClick={() => setEditing(true)}>
      Edit
    </button>
  );
  return (
    <div class="page">
      <Breadcrumb {...back} />
      <div class="page-header">
        <h1>{current.name}</h1>
        <div class="page-header-badges">
          <StatusBadge status={current.status} />
          <TierBadge tier={current.tier} />
        </div>
        {canWorkCases(user.role) && (
          <a class="button button--primary page-header-end" href={href('/cases/new', { account_id: String(accountId) })}>
            New case
          </a>
        )}
      </div>
      <div class="account-layout">
        <div class="account-main">
          {canReadRetention(user.role) && <AccountHealthPanel accountId={accountId} />}
          <TimelinePanel accountId={accountId} contacts={contacts.data ?? []} />
          <OrdersPanel accountId={accountId} />
          <AssetsPanel accountId={accountId} />
          {canReadSurveys(user.role) && <SurveyHistoryPanel accountId={accountId} />}
        </div>
        <div class="account-side">
          <Panel title="Details" actions={editButton}>
            {editing ? (
              <AccountForm
                account={current}
                onSaved={(saved) => {
                  account.setData(saved);
                  setEditing(false);
                }}
                onReloaded={account.setData}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <AccountDetails account={current} />
            )}
          </Panel>
          <ContactsPanel accountId={accountId} contacts={contacts} />
        </div>
      </div>
    </div>
  );
}
