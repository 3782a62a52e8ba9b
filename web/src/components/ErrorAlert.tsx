// A message that something failed, announced to screen readers.

import { ApiError } from '../api';

export function ErrorAlert({ error }: { error: Error | string | null | undefined }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error instanceof ApiError ? error.detail : error.message;
  return (
    <div class="alert alert--error" role="alert">
      {message}
    </div>
  );
}
