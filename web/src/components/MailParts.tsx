// Pieces of the email channel shown wherever mail is: the sending state of
// an outbound mail (with its retry button for those who work cases), and an
// inbound mail's attachments as download links.

import { useState } from 'preact/hooks';
import { formatDateTime } from '../format';
import { attachmentUrl, formatBytes, mayRetry, OUTBOX_STATUSES, retryOutboundMail, type MailAttachment, type OutboundMail } from '../mail';
import { labelFor } from '../records';
import { Badge } from './Badge';
import { ErrorAlert } from './ErrorAlert';

const STATUS_TONES = { queued: 'info', sending: 'info', sent: 'good', failed: 'bad' } as const;

export function OutboxStatusBadge({ status }: { status: OutboundMail['status'] }) {
  return <Badge tone={STATUS_TONES[status]}>{labelFor(OUTBOX_STATUSES, status)}</Badge>;
}

interface RetryButtonProps {
  mail: OutboundMail;
  onRetried: (mail: OutboundMail) => void;
}

/** "Retry now" for a failed or waiting mail; the server says when it cannot (409: sent meanwhile). */
export function RetryButton({ mail, onRetried }: RetryButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  if (!mayRetry(mail)) return null;
  const retry = () => {
    setBusy(true);
    setError(null);
    retryOutboundMail(mail.id).then(
      (queued) => {
        setBusy(false);
        onRetried(queued);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof Error ? failure : new Error(String(failure)));
      },
    );
  };
  return (
    <>
      <button type="button" class="button button--small" onClick={retry} disabled={busy} aria-label={`Retry mail to ${mail.to_address}`}>
        {busy ? 'Queueing…' : 'Retry now'}
      </button>
      <ErrorAlert error={error} />
    </>
  );
}

interface OutboundStateProps extends RetryButtonProps {
  /** Shows the retry button (cases.work). */
  canRetry: boolean;
}

/** "Mail to x@y · Sent 12 Mar 10:02"; "Queued · try 2 at …"; "Failed after 10 tries: <error>" with Retry now. */
export function OutboundState({ mail, canRetry, onRetried }: OutboundStateProps) {
  const tries = mail.attempts === 1 ? '1 try' : `${mail.attempts} tries`;
  let detail = '';
  if (mail.status === 'sent' && mail.sent_at) detail = formatDateTime(mail.sent_at);
  else if (mail.status === 'queued' && mail.attempts > 0 && mail.next_attempt_at) detail = `${tries} failed; next ${formatDateTime(mail.next_attempt_at)}`;
  else if (mail.status === 'failed') detail = `after ${tries}`;
  return (
    <div class="mail-state" data-mail-status={mail.status}>
      <span>{`Mail to ${mail.to_address}`}</span>
      <OutboxStatusBadge status={mail.status} />
      {detail && <span class="muted">{detail}</span>}
      {mail.last_error && mail.status !== 'sent' && <span class="mail-error">{mail.last_error}</span>}
      {canRetry && <RetryButton mail={mail} onRetried={onRetried} />}
    </div>
  );
}

/** Download links; an attachment over the size limit is named but has no content to download. */
export function AttachmentLinks({ attachments }: { attachments: readonly MailAttachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul class="attachments" aria-label="Attachments">
      {attachments.map((file) => (
        <li key={file.id}>
          {file.stored ? (
            <a href={attachmentUrl(file.id)} download={file.filename}>
              {file.filename}
            </a>
          ) : (
            <span>{file.filename}</span>
          )}
          <span class="muted">{` ${file.content_type} · ${formatBytes(file.size)}${file.stored ? '' : ' · too large, not kept'}`}</span>
        </li>
      ))}
    </ul>
  );
}
