// Every mail of a case, in and out, oldest first: the mail that opened it,
// customers' replies with their attachments (the text only: HTML mail was
// turned into text by the server and is never rendered), and what forgedesk
// sent (replies, receipts, acknowledgements, escalations, survey
// invitations) with its sending state.

import { formatDateTime } from '../format';
import type { AsyncState } from '../hooks/useAsync';
import { MAIL_KINDS, senderOf, type CaseMails, type InboundMail, type OutboundMail } from '../mail';
import { labelFor } from '../records';
import { ErrorAlert } from './ErrorAlert';
import { AttachmentLinks, OutboundState } from './MailParts';
import { Panel } from './Panel';

type Entry = { at: string; inbound: InboundMail } | { at: string; outbound: OutboundMail };

/** Both directions by time (the server gives each oldest first). */
function byTime(mails: CaseMails): Entry[] {
  const entries: Entry[] = [
    ...mails.inbound.map((mail) => ({ at: mail.at, inbound: mail })),
    ...mails.outbound.map((mail) => ({ at: mail.created_at, outbound: mail })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

export function CaseMailsPanel({ mails, canWork }: { mails: AsyncState<CaseMails>; canWork: boolean }) {
  const entries = mails.data ? byTime(mails.data) : [];
  if (!mails.error && entries.length === 0) return null;
  return (
    <Panel title="Mail">
      <ErrorAlert error={mails.error} />
      <ol class="timeline" aria-label="Case mail">
        {entries.map((entry) =>
          'inbound' in entry ? (
            <li key={`in-${entry.inbound.id}`} class="timeline-item timeline-item--mail-in">
              <div class="timeline-meta">
                <span class="timeline-kind">Mail in</span>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                <span>{`from ${senderOf(entry.inbound)}`}</span>
              </div>
              <div class="timeline-title">{entry.inbound.subject ?? '(no subject)'}</div>
              <details>
                <summary>Text</summary>
                <p class="timeline-summary">{entry.inbound.body ?? ''}</p>
              </details>
              <AttachmentLinks attachments={entry.inbound.attachments ?? []} />
            </li>
          ) : (
            <li key={`out-${entry.outbound.id}`} class="timeline-item timeline-item--mail-out">
              <div class="timeline-meta">
                <span class="timeline-kind">{`Mail out · ${labelFor(MAIL_KINDS, entry.outbound.kind)}`}</span>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </div>
              <div class="timeline-title">{entry.outbound.subject}</div>
              <OutboundState mail={entry.outbound} canRetry={canWork} onRetried={mails.reload} />
            </li>
          ),
        )}
      </ol>
    </Panel>
  );
}
