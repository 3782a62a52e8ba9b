// Opening a case, from a queue or for one account (`#/cases/new?account_id=12`);
// on success the new case's page opens.

import { CaseForm } from '../components/CaseForm';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { href, navigate } from '../router';

export function NewCasePage({ accountId }: { accountId: number | null }) {
  useDocumentTitle('New case');
  const back = accountId === null ? '/cases/mine' : `/accounts/${accountId}`;
  return (
    <div class="page page--narrow">
      <p class="breadcrumb">
        <a href={href(back)}>{accountId === null ? 'My queue' : 'Account'}</a>
      </p>
      <h1>New case</h1>
      <div class="panel">
        <div class="panel-body">
          <CaseForm
            accountId={accountId}
            onSaved={(kase) => navigate(`/cases/${kase.id}`, { replace: true })}
            onCancel={() => navigate(back)}
          />
        </div>
      </div>
    </div>
  );
}
