// Opening a case: the account (found by name, or given), who at the customer,
// type, priority, subject, description, channel, and optional links to one of
// the account's orders and assets and to a catalogue part.

import { createCase, fetchAllPages, listAssets, listContacts, listOrders, listParts } from '../endpoints';
import { blankToNull, formatDate } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useForm } from '../hooks/useForm';
import { CASE_CHANNELS, CASE_PRIORITIES, CASE_TYPES, type Case, type CaseChannel, type CaseType } from '../records';
import { AccountSearchField } from './AccountSearchField';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

interface CaseFormProps {
  /** The account the case is for; leave out to choose one in the form. */
  accountId: number | null;
  onSaved: (kase: Case) => void;
  onCancel: () => void;
}

const toId = (value: string) => (value === '' ? null : Number(value));

export function CaseForm({ accountId, onSaved, onCancel }: CaseFormProps) {
  const form = useForm({
    initial: {
      account_id: accountId?.toString() ?? '',
      contact_id: '',
      type: '',
      priority: '3',
      channel: 'phone',
      subject: '',
      description: '',
      order_id: '',
      asset_id: '',
      part_id: '',
    },
    required: ['account_id', 'type', 'subject'],
    onSubmit: async (values) => {
      onSaved(
        await createCase({
          account_id: Number(values.account_id),
          contact_id: toId(values.contact_id),
          type: values.type as CaseType,
          priority: Number(values.priority),
          channel: blankToNull(values.channel) as CaseChannel | null,
          subject: values.subject.trim(),
          description: blankToNull(values.description),
          order_id: toId(values.order_id),
          asset_id: toId(values.asset_id),
          part_id: toId(values.part_id),
        }),
      );
    },
  });

  const chosenAccount = toId(form.values.account_id);
  const linked = useAsync(async () => {
    if (chosenAccount === null) return { contacts: [], orders: [], assets: [] };
    const [contacts, orders, assets] = await Promise.all([
      fetchAllPages((after) => listContacts(chosenAccount, after)),
      fetchAllPages((after) => listOrders(chosenAccount, after)),
      fetchAllPages((after) => listAssets(chosenAccount, after)),
    ]);
    return { contacts, orders, assets };
  }, [chosenAccount]);
  const parts = useAsync(() => fetchAllPages(listParts), []);

  const contactOptions = (linked.data?.contacts ?? []).map((contact) => ({
    value: String(contact.id),
    label: contact.job_title ? `${contact.name} (${contact.job_title})` : contact.name,
  }));
  const orderOptions = (linked.data?.orders ?? []).map((order) => ({
    value: String(order.id),
    label: `${order.number} · ${formatDate(order.ordered_on)}`,
  }));
  const assetOptions = (linked.data?.assets ?? []).map((asset) => ({
    value: String(asset.id),
    label: [asset.serial, asset.model, asset.site].filter(Boolean).join(' · '),
  }));
  const partOptions = (parts.data ?? []).map((part) => ({ value: String(part.id), label: `${part.part_number} · ${part.name}` }));
  const linkedHint = linked.error ? `The account's records are unavailable: ${linked.error.message}` : undefined;

  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label="New case">
      {/* Contacts, orders and assets belong to one account: choosing another clears them. */}
      <AccountSearchField form={form} name="account_id" accountId={accountId} clears={['contact_id', 'order_id', 'asset_id']} />
      <Field form={form} name="contact_id" label="Contact" options={contactOptions} emptyOption="No particular contact" hint={linkedHint} />
      <Field form={form} name="type" label="Type" options={CASE_TYPES} emptyOption="Choose a type" />
      <Field form={form} name="priority" label="Priority" options={CASE_PRIORITIES} />
      <Field form={form} name="channel" label="Channel" options={CASE_CHANNELS} emptyOption="Not recorded" />
      <Field form={form} name="subject" label="Subject" maxLength={200} wide />
      <Field form={form} name="description" label="Description" multiline maxLength={20000} wide />
      <Field form={form} name="order_id" label="Order" options={orderOptions} emptyOption="No order" />
      <Field form={form} name="asset_id" label="Asset" options={assetOptions} emptyOption="No asset" />
      <Field form={form} name="part_id" label="Part" options={partOptions} emptyOption={parts.loading ? 'Loading…' : 'No part'} />
      <FormFooter form={form} submitLabel="Open case" busyLabel="Opening…" onCancel={onCancel} />
    </form>
  );
}
