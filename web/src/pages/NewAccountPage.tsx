// Creating an account; on success the new account's page opens.

import { AccountForm } from '../components/AccountForm';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { href, navigate } from '../router';

export function NewAccountPage() {
  useDocumentTitle('New account');
  return (
    <div class="page page--narrow">
      <p class="breadcrumb">
        <a href={href('/accounts')}>Accounts</a>
      </p>
      <h1>New account</h1>
      <div class="panel">
        <div class="panel-body">
          <AccountForm
            onSaved={(account) => navigate(`/accounts/${account.id}`, { replace: true })}
            onCancel={() => navigate('/accounts')}
          />
        </div>
      </div>
    </div>
  );
}
