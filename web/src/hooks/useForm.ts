// State of one form: its values (all strings, as inputs hold them), required
// checks before submitting, and the server's 422 answer mapped onto fields.
// The server's answer is authoritative; the local checks only save a round trip.

import { useId, useState } from 'preact/hooks';
import { ApiError } from '../api';

export type FormValues = Record<string, string>;

type FieldName<V> = keyof V & string;

/** One item of a list field (an interval of a day, a holiday): `hours.mon[1]`. */
export type ItemName<V> = `${FieldName<V>}[${number}]`;

/** Error messages by field name. */
type FieldErrors = Record<string, string | undefined>;

export interface FormOptions<V extends FormValues> {
  /** Starting values, listed in the order the fields are laid out (the first invalid one gets focus). */
  initial: V;
  /** Fields that must not be blank; checked locally before submitting. */
  required?: readonly FieldName<V>[];
  /** Saves the values; an ApiError it throws is shown on the form. */
  onSubmit: (values: V) => Promise<void>;
  /** The form's name for a field the server names (`calendar.hours.mon[1][0]` → `hours.mon[1]`); the same name by default. */
  fieldOf?: (serverField: string) => string;
}

export interface Form<V extends FormValues> {
  values: V;
  set: (name: FieldName<V>, value: string) => void;
  /** Replaces all values and clears every error message except the form's own. */
  reset: (values: V) => void;
  fieldId: (name: FieldName<V>) => string;
  /** The id of a list field's item control: the field's own id for the first. */
  itemId: (name: FieldName<V>, index: number) => string;
  errorFor: (name: FieldName<V> | ItemName<V>) => string | undefined;
  isRequired: (name: FieldName<V>) => boolean;
  /** A message for the whole form (the problem's detail, or errors on fields the form lacks). */
  formError: string | null;
  submitting: boolean;
  handleSubmit: (event: Event) => void;
}

export function useForm<V extends FormValues>({ initial, required = [], onSubmit, fieldOf = (field) => field }: FormOptions<V>): Form<V> {
  const idPrefix = useId();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const fieldId = (name: FieldName<V>) => `${idPrefix}-${name}`;
  const itemId = (name: FieldName<V>, index: number) => (index === 0 ? fieldId(name) : `${fieldId(name)}-${index}`);
  const isField = (name: string): name is FieldName<V> => Object.prototype.hasOwnProperty.call(initial, name);
  /** The field and item index a name stands for (`hours.mon[1]`: hours.mon, 1), or null when the form lacks it. */
  const locate = (name: string): { field: FieldName<V>; index: number } | null => {
    if (isField(name)) return { field: name, index: 0 };
    const item = /^(.*)\[(\d+)\]$/.exec(name);
    return item?.[1] !== undefined && isField(item[1]) ? { field: item[1], index: Number(item[2]) } : null;
  };

  const showFieldErrors = (errors: FieldErrors) => {
    setFieldErrors(errors);
    const located = Object.keys(errors).flatMap((name) => locate(name) ?? []);
    const order = Object.keys(initial);
    located.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field) || a.index - b.index);
    const first = located[0];
    if (first) document.getElementById(itemId(first.field, first.index))?.focus();
  };

  const showFailure = (failure: unknown) => {
    if (!(failure instanceof ApiError)) {
      setFormError(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    const byField: FieldErrors = {};
    const elsewhere: string[] = [];
    for (const { field, message } of failure.errors) {
      const name = fieldOf(field);
      if (locate(name)) byField[name] ??= message;
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
      // Its items' errors go too: removing a line renumbers the rest.
      setFieldErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([key]) => key !== name && !key.startsWith(`${name}[`))),
      );
    },
    reset: (next) => {
      setValues(next);
      setFieldErrors({});
    },
    fieldId,
    itemId,
    errorFor: (name) => fieldErrors[name],
    isRequired: (name) => required.includes(name),
    formError,
    submitting,
    handleSubmit,
  };
}
