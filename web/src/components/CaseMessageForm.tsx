// The two ways to write on a case: a public reply (mailed to the customer
// through the outbound queue, docs/MAIL.md) and an internal note (colleagues
// only), kept visibly apart.

import { addCaseNote, addCaseReply } from '../endpoints';
import { useForm } from '../hooks/useForm';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

export type MessageKind = 'reply' | 'note';

const WORDING: Record<MessageKind, { label: string; hint: string; submit: string }> = {
  reply: {
    label: 'Public reply',
    hint: "Goes out as an email to the customer (the case's contact, else whoever last wrote in), threaded on their mail; its sending state shows on the timeline.",
    submit: 'Send reply',
  },
  note: { label: 'Internal note', hint: 'Internal: only colleagues see this, never the customer.', submit: 'Add internal note' },
};

interface CaseMessageFormProps {
  caseId: number;
  kind: MessageKind;
  onPosted: () => void;
}

export function CaseMessageForm({ caseId, kind, onPosted }: CaseMessageFormProps) {
  const wording = WORDING[kind];
  const form = useForm({
    initial: { body: '' },
    required: ['body'],
    onSubmit: async ({ body }) => {
      await (kind === 'reply' ? addCaseReply : addCaseNote)(caseId, body.trim());
      form.reset({ body: '' });
      onPosted();
    },
  });
  return (
    <form class={`form-grid compose compose--${kind}`} onSubmit={form.handleSubmit} noValidate aria-label={wording.label}>
      <Field form={form} name="body" label={wording.label} hint={wording.hint} multiline maxLength={20000} wide />
      <FormFooter form={form} submitLabel={wording.submit} busyLabel="Posting…" />
    </form>
  );
}
