// One labelled form control bound to a Form: text input, select or textarea
// (or a checkbox, or an editable list of lines), with its required marker,
// hint, and the error message for that field.

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
  const describedBy = describedByOf(id, hint, error);
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
      <FieldMessages id={id} label={label} hint={hint} error={error} />
    </div>
  );
}

/** A checkbox bound to a Form: the value is `true` when ticked, empty when not. */
export function CheckboxField<V extends FormValues>({ form, name, label, hint }: Pick<FieldProps<V>, 'form' | 'name' | 'label' | 'hint'>) {
  const id = form.fieldId(name);
  const error = form.errorFor(name);
  const describedBy = describedByOf(id, hint, error);
  return (
    <div class={`field field--wide field--check${error ? ' field--invalid' : ''}`}>
      <label for={id}>
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={form.values[name] === 'true'}
          onInput={(event) => form.set(name, event.currentTarget.checked ? 'true' : '')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {label}
      </label>
      <FieldMessages id={id} label={label} hint={hint} error={error} />
    </div>
  );
}

/**
 * An editable list of short lines (up to `maxLines`), kept in one form value
 * joined by newlines; the first line's input carries the field's id, so an
 * error focuses it.
 */
export function LineListField<V extends FormValues>({
  form,
  name,
  label,
  lineLabel,
  maxLines,
  hint,
}: Pick<FieldProps<V>, 'form' | 'name' | 'label' | 'hint'> & { lineLabel: string; maxLines: number }) {
  const id = form.fieldId(name);
  const error = form.errorFor(name);
  const describedBy = describedByOf(id, hint, error);
  const lines = form.values[name].split('\n');
  const setLines = (next: string[]) => form.set(name, next.join('\n'));
  return (
    <fieldset class={`field field--wide line-list${error ? ' field--invalid' : ''}`}>
      <legend>{label}</legend>
      <ol>
        {lines.map((line, index) => (
          <li key={index} class="line-list-item">
            <label class="visually-hidden" for={index === 0 ? id : `${id}-${index}`}>{`${lineLabel} ${index + 1}`}</label>
            <input
              id={index === 0 ? id : `${id}-${index}`}
              type="text"
              value={line}
              maxLength={1000}
              placeholder={`${lineLabel} ${index + 1}`}
              onInput={(event) => setLines(lines.map((old, at) => (at === index ? event.currentTarget.value : old)))}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
            {lines.length > 1 && (
              <button
                type="button"
                class="button button--small"
                aria-label={`Remove ${lineLabel.toLowerCase()} ${index + 1}`}
                onClick={() => setLines(lines.filter((_, at) => at !== index))}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      {lines.length < maxLines && (
        <button type="button" class="button button--small line-list-add" onClick={() => setLines([...lines, ''])}>
          {`Add ${lineLabel.toLowerCase()}`}
        </button>
      )}
      <FieldMessages id={id} label={label} hint={hint} error={error} />
    </fieldset>
  );
}

/** The ids of a control's hint and error, for aria-describedby. */
function describedByOf(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

/** A field's hint and error, with the ids its control's aria-describedby names. */
function FieldMessages({ id, label, hint, error }: { id: string; label: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
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
    </>
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
