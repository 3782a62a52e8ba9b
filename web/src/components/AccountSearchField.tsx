// Choosing an account in a form: a search box (by name) and the select of the
// accounts found, or only the given account; choosing another clears the
// fields that belong to an account (its contacts, orders, assets).

import { useId, useState } from 'preact/hooks';
import { getAccount, listAccounts } from '../endpoints';
import { useAsync } from '../hooks/useAsync';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import type { Form, FormValues } from '../hooks/useForm';
import { Field } from './Field';

const SEARCH_DELAY_MS = 300;

interface AccountSearchFieldProps<V extends FormValues> {
  form: Form<V>;
  name: keyof V & string;
  /** The account given (no search then), or null to find one. */
  accountId: number | null;
  /** The fields emptied when another account is chosen. */
  clears: readonly (keyof V & string)[];
}

export function AccountSearchField<V extends FormValues>({ form, name, accountId, clears }: AccountSearchFieldProps<V>) {
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), SEARCH_DELAY_MS);
  const searchId = useId();
  const accounts = useAsync(
    async () => (accountId !== null ? [await getAccount(accountId)] : (await listAccounts({ q: search, status: '', tier: '' }, undefined)).items),
    [accountId, search],
  );
  const accountField: Form<V> = {
    ...form,
    set: (field, value) => {
      if (field !== name) return;
      const cleared = Object.fromEntries(clears.map((other) => [other, '']));
      form.reset({ ...form.values, ...cleared, [name]: value });
    },
  };
  const options = (accounts.data ?? []).map((account) => ({ value: String(account.id), label: account.name }));
  return (
    <>
      {accountId === null && (
        <div class="field">
          <label for={searchId}>Find account</label>
          <input
            id={searchId}
            type="search"
            value={searchText}
            placeholder="Name, e.g. muller"
            onInput={(event) => setSearchText(event.currentTarget.value)}
          />
        </div>
      )}
      <Field
        form={accountField}
        name={name}
        label="Account"
        options={options}
        emptyOption={accounts.loading ? 'Loading…' : accountId === null ? 'Choose an account' : undefined}
        hint={accounts.error ? `Accounts unavailable: ${accounts.error.message}` : undefined}
      />
    </>
  );
}
