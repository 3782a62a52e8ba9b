// Recording a touchpoint with an account: channel, direction, who at the
// customer, what was said, and when (now, unless given).

import { createInteraction } from '../endpoints';
import { localDateTimeToRfc3339 } from '../format';
import { useForm } from '../hooks/useForm';
import { CHANNELS, DIRECTIONS, type Channel, type Contact, type Direction, type Interaction } from '../records';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

interface InteractionFormProps {
  accountId: number;
  contacts: readonly Contact[];
  onSaved: (interaction: Interaction) => void;
  onCancel: () => void;
}

export function InteractionForm({ accountId, contacts, onSaved, onCancel }: InteractionFormProps) {
  const contactOptions = contacts.map((contact) => ({
    value: String(contact.id),
    label: contact.job_title ? `${contact.name} (${contact.job_title})` : contact.name,
  }));
  const form = useForm({
    initial: { channel: 'phone', direction: 'inbound', contact_id: '', occurred_at: '', summary: '' },
    required: ['channel', 'direction', 'summary'],
    onSubmit: async (values) => {
      const interaction = await createInteraction({
        account_id: accountId,
        channel: values.channel as Channel,
        direction: values.direction as Direction,
        contact_id: values.contact_id === '' ? null : Number(values.contact_id),
        summary: values.summary.trim(),
        ...(values.occurred_at !== '' && { occurred_at: localDateTimeToRfc3339(values.occurred_at) }),
      });
      onSaved(interaction);
    },
  });

  return (
    <form class="form-grid inline-form" onSubmit={form.handleSubmit} noValidate aria-label="Record interaction">
      <Field form={form} name="channel" label="Channel" options={CHANNELS} />
      <Field form={form} name="direction" label="Direction" options={DIRECTIONS} />
      <Field form={form} name="contact_id" label="Contact" options={contactOptions} emptyOption="No particular contact" />
      <Field form={form} name="occurred_at" label="When" type="datetime-local" hint="Leave empty for now" />
      <Field form={form} name="summary" label="Summary" multiline maxLength={4000} wide />
      <FormFooter form={form} submitLabel="Save interaction" onCancel={onCancel} />
    </form>
  );
}
