// The end of every form: the form-level error, the submit button (busy while
// saving, or held disabled, with what says why) and an optional Cancel.

import type { Form, FormValues } from '../hooks/useForm';
import { ErrorAlert } from './ErrorAlert';

interface FormFooterProps<V extends FormValues> {
  form: Form<V>;
  submitLabel: string;
  busyLabel?: string;
  onCancel?: () => void;
  /** Holds the submit button disabled; `describedBy` names what says why. */
  blocked?: { describedBy: string };
}

export function FormFooter<V extends FormValues>({ form, submitLabel, busyLabel = 'Saving…', onCancel, blocked }: FormFooterProps<V>) {
  return (
    <div class="form-footer">
      <ErrorAlert error={form.formError} />
      <div class="form-actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={form.submitting || blocked !== undefined}
          aria-describedby={blocked?.describedBy}
        >
          {form.submitting ? busyLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button" onClick={onCancel} disabled={form.submitting}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
