// The end of every form: the form-level error, the submit button (busy while
// saving) and an optional Cancel.

import type { Form, FormValues } from '../hooks/useForm';
import { ErrorAlert } from './ErrorAlert';

interface FormFooterProps<V extends FormValues> {
  form: Form<V>;
  submitLabel: string;
  busyLabel?: string;
  onCancel?: () => void;
}

export function FormFooter<V extends FormValues>({ form, submitLabel, busyLabel = 'Saving…', onCancel }: FormFooterProps<V>) {
  return (
    <div class="form-footer">
      <ErrorAlert error={form.formError} />
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={form.submitting}>
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
