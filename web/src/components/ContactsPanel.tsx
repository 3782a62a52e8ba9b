// An account's contacts (people at the customer) and a form to add one.

import { useState } from 'preact/hooks';
import type { AsyncState } from '../hooks/useAsync';
import { AUDIENCES, CONSENTS, labelFor, type Contact } from '../records';
import { Badge } from './Badge';
import { ContactForm } from './ContactForm';
import { ListFooter } from './ListFooter';
import { Panel } from './Panel';

interface ContactsPanelProps {
  accountId: number;
  contacts: AsyncState<Contact[]>;
}

export function ContactsPanel({ accountId, contacts }: ContactsPanelProps) {
  const [adding, setAdding] = useState(false);
  const list = contacts.data ?? [];
  const addButton = !adding && (
    <button type="button" class="button button--small" onClick={() => setAdding(true)}>
      Add contact
    </button>
  );

  return (
    <Panel title="Contacts" actions={addButton}>
      {adding && (
        <ContactForm
          accountId={accountId}
          onSaved={() => {
            setAdding(false);
            contacts.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <ul class="contact-list" aria-label="Contacts">
        {list.map((contact) => (
          <li key={contact.id} class="contact">
            <div class="contact-heading">
              <strong>{contact.name}</strong>
              <Badge tone="neutral">{labelFor(AUDIENCES, contact.audience)}</Badge>
            </div>
            {contact.job_title && <div class="muted">{contact.job_title}</div>}
            <div class="contact-channels">
              {contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>}
              {contact.phone && <a href={`tel:${contact.phone.replace(/\s+/g, '')}`}>{contact.phone}</a>}
            </div>
            <div class="muted small">Consent: {labelFor(CONSENTS, contact.consent)}</div>
          </li>
        ))}
      </ul>
      <ListFooter list={{ items: list, loading: contacts.loading, error: contacts.error }} emptyText="No contacts yet." />
    </Panel>
  );
}
