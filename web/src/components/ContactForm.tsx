// Adding a contact to an account.

import { createContact } from '../endpoints';
import { blankToNull } from '../format';
import { useForm } from '../hooks/useForm';
import { AUDIENCES, CONSENTS, LAWFUL_BASES, type Audience, type Consent, type Contact, type LawfulBasis } from '../records';
import { Field } from './Field';
import { FormFooter } from './FormFooter';

interface ContactFormProps {
  accountId: number;
  onSaved: (contact: Contact) => void;
  onCancel: () => void;
}

export function ContactForm({ accountId, onSaved, onCancel }: ContactFormProps) {
  const form = useForm({
    initial: { name: '', job_title: '', audience: '', lawful_basis: '', email: '', phone: '', consent: 'not_asked' },
    required: ['name', 'audience', 'lawful_basis'],
    onSubmit: async (values) => {
      const contact = await createContact({
        account_id: accountId,
        name: values.name.trim(),
        job_title: blankToNull(values.job_title),
        audience: values.audience as Audience,
        email: blankToNull(values.email),
        phone: blankToNull(values.phone),
        consent: values.consent as Consent,
        lawful_basis: values.lawful_basis as LawfulBasis,
      });
      onSaved(contact);
    },
  });

  return (
    <form class="form-grid inline-form" onSubmit={form.handleSubmit} noValidate aria-label="Add contact">
      <Field form={form} name="name" label="Name" maxLength={200} wide />
      <Field form={form} name="job_title" label="Job title" maxLength={200} wide />
      <Field form={form} name="audience" label="Audience" options={AUDIENCES} emptyOption="Choose…" />
      <Field form={form} name="lawful_basis" label="Lawful basis" options={LAWFUL_BASES} emptyOption="Choose…" />
      <Field form={form} name="email" label="Email" type="email" maxLength={254} />
      <Field form={form} name="phone" label="Phone" type="tel" maxLength={50} />
      <Field form={form} name="consent" label="Consent" options={CONSENTS} />
      <FormFooter form={form} submitLabel="Add contact" onCancel={onCancel} />
    </form>
  );
}
