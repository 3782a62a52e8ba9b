// One labelled form control bound to a Form: text input, select or textarea,
// with its required marker, hint, and the error message for that field.

import type { ComponentChildren } from 'preact';
import type { Form, FormValues } from '../hooks/useForm';
import type { Option } from '../records';

type InputType = 'text' | 'email' | 'tel' | 'password' | 'date' | 'datetime-local';

interface FieldProps<V extends FormValues> {
  form: Form<V>;
  name: keyof V & string;
  label: string;
  type?: InputType;
  /** Makes the control a select with these options. */
  options?: readonly Option[];
  /** Label of a first option with the empty value, for a select that may be left unset. */
  emptyOption?: string;
  multiline?: boolean;
  maxLength?: number;
  autoComplete?: string;
  hint?: string;
  /** Spans the whole row of a form grid. */
  wide?: boolean;
}

export function Field<V extends FormValues>(props: FieldProps<V>) {
  const { form, name, label, hint, wide } = props;
  const id = form.fieldId(name);
  const error = form.errorFor(name);
  const required = form.isRequired(name);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value: form.values[name],
    onInput: (event: Event) =>
      form.set(name, (event.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value),
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    'aria-describedby': describedBy,
  };

  let control: ComponentChildren;
  if (props.options) {
    control = (
      <select {...common}>
        <SelectOptions options={props.options} emptyOption={props.emptyOption} />
      </select>
    );
  } else if (props.multiline) {
    control = <textarea {...common} rows={4} maxLength={props.maxLength} />;
  } else {
    control = (
      <input
        {...common}
        // Preact types <input> per literal `type`; every InputType here takes the same attributes.
        type={(props.type ?? 'text') as 'text'}
        maxLength={props.maxLength}
        autoComplete={props.autoComplete}
      />
    );
  }

  return (
    <div class={`field${wide ? ' field--wide' : ''}${error ? ' field--invalid' : ''}`}>
      <div class="field-label">
        <label for={id}>{label}</label>
        {/* Outside the label so the control's name stays the label; aria-required says it to screen readers. */}
        {required && (
          <span class="field-required" aria-hidden="true">
            *
          </span>
        )}
      </div>
      {control}
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {describeFieldError(label, error)}
        </p>
      )}
    </div>
  );
}

/** The <option>s of a select, optionally led by an empty choice. */
export function SelectOptions({ options, emptyOption }: { options: readonly Option[]; emptyOption?: string | undefined }) {
  return (
    <>
      {emptyOption !== undefined && <option value="">{emptyOption}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}

/** The server says "is required"; people read "Name is required". Full sentences are kept as they are. */
function describeFieldError(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}
