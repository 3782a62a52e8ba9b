// Creating an account, or editing one: an edit sends only the changed fields
// with If-Match, and when someone else saved first (412) the form reloads
// their version and says so.

import { createAccount, getAccount, updateAccount } from '../endpoints';
import { blankToNull } from '../format';
import { useForm } from '../hooks/useForm';
import { useUsers } from '../hooks/useUsers';
import { ACCOUNT_STATUSES, ACCOUNT_TIERS, type Account, type AccountInput, type AccountStatus, type AccountTier } from '../records';
import { saveVersioned } from '../versionedSave';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

interface AccountFormProps {
  /** The account to edit; leave out to create one. */
  account?: Account;
  onSaved: (account: Account) => void;
  onCancel: () => void;
  /** Called with someone else's newer version after a 412. */
  onReloaded?: (account: Account) => void;
}

type AccountValues = {
  name: string;
  status: string;
  tier: string;
  sector: string;
  account_manager_id: string;
  sla_contract: string;
  city: string;
  country: string;
  notes: string;
};

const STALE_MESSAGE =
  'Someone else changed this account while you were editing it. The form now shows their version: make your changes again and save.';

export function AccountForm({ account, onSaved, onCancel, onReloaded }: AccountFormProps) {
  const users = useUsers();
  const managerOptions = (users.data ?? [])
    .filter((user) => user.active || user.id === account?.account_manager_id)
    .map((user) => ({ value: String(user.id), label: user.display_name }));

  const form = useForm({
    initial: valuesOf(account),
    required: ['name'],
    onSubmit: async (values) => {
      if (!account) {
        onSaved(await createAccount(inputOf(values)));
        return;
      }
      const changes = changedFields(inputOf(valuesOf(account)), inputOf(values));
      if (Object.keys(changes).length === 0) {
        onSaved(account);
        return;
      }
      const saved = await saveVersioned({
        save: () => updateAccount(account, changes),
        load: () => getAccount(account.id),
        onReloaded: (latest) => {
          form.reset(valuesOf(latest));
          onReloaded?.(latest);
        },
        staleMessage: STALE_MESSAGE,
      });
      onSaved(saved);
    },
  });

  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate>
      <Field form={form} name="name" label="Name" maxLength={200} wide />
      <Field form={form} name="status" label="Status" options={ACCOUNT_STATUSES} />
      <Field form={form} name="tier" label="Tier" options={ACCOUNT_TIERS} emptyOption="Not set" />
      <Field form={form} name="sector" label="Sector" maxLength={100} />
      <Field
        form={form}
        name="account_manager_id"
        label="Account manager"
        options={managerOptions}
        emptyOption={users.loading ? 'Loading…' : 'Nobody'}
        hint={users.error ? `Staff list unavailable: ${users.error.message}` : undefined}
      />
      <Field form={form} name="sla_contract" label="SLA contract" maxLength={100} />
      <Field form={form} name="city" label="City" maxLength={100} />
      <Field form={form} name="country" label="Country" maxLength={2} hint="Two-letter code, e.g. GB or DE" />
      <Field form={form} name="notes" label="Notes" multiline maxLength={4000} wide />
      <FormFooter form={form} submitLabel={account ? 'Save changes' : 'Create account'} onCancel={onCancel} />
    </form>
  );
}

function valuesOf(account: Account | undefined): AccountValues {
  return {
    name: account?.name ?? '',
    status: account?.status ?? 'prospect',
    tier: account?.tier ?? '',
    sector: account?.sector ?? '',
    account_manager_id: account?.account_manager_id?.toString() ?? '',
    sla_contract: account?.sla_contract ?? '',
    city: account?.city ?? '',
    country: account?.country ?? '',
    notes: account?.notes ?? '',
  };
}

function inputOf(values: AccountValues): AccountInput {
  return {
    name: values.name.trim(),
    status: values.status as AccountStatus,
    tier: blankToNull(values.tier) as AccountTier | null,
    sector: blankToNull(values.sector),
    account_manager_id: values.account_manager_id === '' ? null : Number(values.account_manager_id),
    sla_contract: blankToNull(values.sla_contract),
    city: blankToNull(values.city),
    country: blankToNull(values.country)?.toUpperCase() ?? null,
    notes: blankToNull(values.notes),
  };
}

/** The fields of `after` that differ from `before`: the body of a merge-PATCH. */
function changedFields(before: AccountInput, after: AccountInput): AccountInput {
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(after)) {
    if (before[name as keyof AccountInput] !== value) changes[name] = value;
  }
  return changes as AccountInput;
}
