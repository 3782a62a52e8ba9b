// The mail pages (docs/MAIL.md) share a header linking triage, the outbound
// queue and, for mail.admin, the quarantine and mailbox rules. This one is
// triage: mail from senders forgedesk could not match to an account, newest
// first, each assigned to an account (and contact) by those who work cases,
// which opens its case and shows it.

import { useState } from 'preact/hooks';
import { canWorkCases } from '../caseWorkflow';
import { AccountSearchField } from '../components/AccountSearchField';
import { Field } from '../components/Field';
import { FormFooter } from '../components/FormFooter';
import { ListFooter } from '../components/ListFooter';
import { fetchAllPages, listContacts } from '../endpoints';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useForm } from '../hooks/useForm';
import { usePagedList } from '../hooks/usePagedList';
import { assignTriage, canAdministerMail, listTriage, senderOf, type InboundMail } from '../mail';
import { CASE_PRIORITIES, CASE_TYPES, type CaseType, type Role, type SessionUser } from '../records';
import { href, navigate } from '../router';

const MAIL_PAGES = [
  { path: '/mail', label: 'Triage' },
  { path: '/mail/outbox', label: 'Outbound queue' },
  { path: '/mail/admin', label: 'Quarantine and rules', allows: canAdministerMail },
] as const;

/** The heading of a mail page, with links to the others this role may see. */
export function MailHeader({ title, current, role }: { title: string; current: string; role: Role }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      <nav class="page-header-end button-row" aria-label="Mail pages">
        {MAIL_PAGES.filter((page) => !('allows' in page) || page.allows(role)).map((page) => (
          <a key={page.path} class={`button${page.path === current ? ' button--primary' : ''}`} href={href(page.path)} aria-current={page.path === current ? 'page' : undefined}>
            {page.label}
          </a>
        ))}
      </nav>
    </div>
  );
}

export function MailTriagePage({ user }: { user: SessionUser }) {
  useDocumentTitle('Mail triage');
  const triage = usePagedList(listTriage, []);
  const canWork = canWorkCases(user.role);
  return (
    <div class="page">
      <MailHeader title="Mail triage" current="/mail" role={user.role} />
      <p class="page-subtitle">
        Mail from senders who are no contact of any account (nor write from one account's domain). Assigning one opens its case,
        with the mail as its description and its attachments.
      </p>
      <ol class="mail-list" aria-label="Mail waiting for triage">
        {triage.items.map((mail) => (
          <TriageItem key={mail.id} mail={mail} canWork={canWork} />
        ))}
      </ol>
      <ListFooter list={triage} emptyText="No mail is waiting for triage." />
    </div>
  );
}

function TriageItem({ mail, canWork }: { mail: InboundMail; canWork: boolean }) {
  const [assigning, setAssigning] = useState(false);
  return (
    <li class="mail-item panel">
      <div class="panel-body">
        <div class="timeline-meta">
          <time dateTime={mail.at}>{formatDateTime(mail.at)}</time>
          <span>{`from ${senderOf(mail)}`}</span>
          {mail.to_address && <span>{`to ${mail.to_address}`}</span>}
        </div>
        <div class="timeline-title">{mail.subject ?? '(no subject)'}</div>
        <p class="timeline-summary mail-text">{mail.body ?? ''}</p>
        {canWork && !assigning && (
          <button type="button" class="button button--primary button--small" onClick={() => setAssigning(true)} aria-label={`Assign mail from ${mail.from_address ?? 'unknown sender'}`}>
            Assign to an account
          </button>
        )}
        {assigning && <TriageAssignForm mail={mail} onCancel={() => setAssigning(false)} />}
      </div>
    </li>
  );
}

function TriageAssignForm({ mail, onCancel }: { mail: InboundMail; onCancel: () => void }) {
  const form = useForm({
    initial: { account_id: '', contact_id: '', type: 'enquiry', priority: '3' },
    required: ['account_id'],
    onSubmit: async (values) => {
      const kase = await assignTriage(mail.id, {
        account_id: Number(values.account_id),
        ...(values.contact_id !== '' && { contact_id: Number(values.contact_id) }),
        type: values.type as CaseType,
        priority: Number(values.priority),
      });
      navigate(`/cases/${kase.id}`);
    },
  });
  const account = form.values.account_id === '' ? null : Number(form.values.account_id);
  const contacts = useAsync(async () => (account === null ? [] : fetchAllPages((after) => listContacts(account, after))), [account]);
  const contactOptions = (contacts.data ?? []).map((contact) => ({
    value: String(contact.id),
    label: contact.email ? `${contact.name} <${contact.email}>` : contact.name,
  }));
  return (
    <form class="form-grid" onSubmit={form.handleSubmit} noValidate aria-label={`Assign mail ${mail.id}`}>
      <AccountSearchField form={form} name="account_id" accountId={null} clears={['contact_id']} />
      <Field
        form={form}
        name="contact_id"
        label="Contact"
        options={contactOptions}
        emptyOption="No particular contact"
        hint="The sender's address is not added to the contact; add it on the account page to match their next mail."
      />
      <Field form={form} name="type" label="Case type" options={CASE_TYPES} />
      <Field form={form} name="priority" label="Priority" options={CASE_PRIORITIES} />
      <FormFooter form={form} submitLabel="Open case" busyLabel="Opening…" onCancel={onCancel} />
    </form>
  );
}
