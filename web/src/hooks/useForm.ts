// State of one form: its values (all strings, as inputs hold them), required
// checks before submitting, and the server's 422 answer mapped onto fields.
// The server's answer is authoritative; the local checks only save a round trip.

import { useId, useState } from 'preact/hooks';
import { ApiError } from '../api';

export type FormValues = Record<string, string>;

type FieldName<V> = keyof V & string;

/** Error messages by field name. */
type FieldErrors = Record<string, string | undefined>;

export interface FormOptions<V extends FormValues> {
  /** Starting values, listed in the order the fields are laid out (the first invalid one gets focus). */
  initial: V;
  /** Fields that must not be blank; checked locally before submitting. */
  required?: readonly FieldName<V>[];
  /** Saves the values; an ApiError it throws is shown on the form. */
  onSubmit: (values: V) => Promise<void>;
}

export interface Form<V extends FormValues> {
  values: V;
  set: (name: FieldName<V>, value: string) => void;
  /** Replaces all values and clears every error message except the form's own. */
  reset: (values: V) => void;
  fieldId: (name: FieldName<V>) => string;
  errorFor: (name: FieldName<V>) => string | undefined;
  isRequired: (name: FieldName<V>) => boolean;
  /** A message for the whole form (the problem's detail, or errors on fields the form lacks). */
  formError: string | null;
  submitting: boolean;
  handleSubmit: (event: Event) => void;
}

export function useForm<V extends FormValues>({ initial, required = [], onSubmit }: FormOptions<V>): Form<V> {
  const idPrefix = useId();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const fieldId = (name: FieldName<V>) => `${idPrefix}-${name}`;
  const isField = (name: string): name is FieldName<V> => Object.prototype.hasOwnProperty.call(initial, name);

  const showFieldErrors = (errors: FieldErrors) => {
    setFieldErrors(errors);
    const first = Object.keys(initial).find((name) => errors[name] !== undefined);
    if (first) document.getElementById(fieldId(first))?.focus();
  };

  const showFailure = (failure: unknown) => {
    if (!(failure instanceof ApiError)) {
      setFormError(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    const byField: FieldErrors = {};
    const elsewhere: string[] = [];
    for (const { field, message } of failure.errors) {
      if (isField(field)) byField[field] ??= message;
      else elsewhere.push(`${field}: ${message}`);
    }
    setFormError(elsewhere.length > 0 ? `${failure.detail} (${elsewhere.join('; ')})` : failure.detail);
    showFieldErrors(byField);
  };

  const handleSubmit = (event: Event) => {
    event.preventDefault();
    if (submitting) return;
    const missing: FieldErrors = {};
    for (const name of required) {
      if ((values[name] ?? '').trim() === '') missing[name] = 'is required';
    }
    if (Object.keys(missing).length > 0) {
      setFormError(null);
      showFieldErrors(missing);
      return;
    }
    setFormError(null);
    setFieldErrors({});
    setSubmitting(true);
    onSubmit(values)
      .catch(showFailure)
      .finally(() => setSubmitting(false));
  };

  return {
    values,
    set: (name, value) => {
      setValues((current) => ({ ...current, [name]: value }));
      setFieldErrors((current) => ({ ...current, [name]: undefined }));
    },
    reset: (next) => {
      setValues(next);
      setFieldErrors({});
    },
    fieldId,
    errorFor: (name) => fieldErrors[name],
    isRequired: (name) => required.includes(name),
    formError,
    submitting,
    handleSubmit,
  };
}
