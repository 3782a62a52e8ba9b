// One labelled form control bound to a Form: text input, select or textarea
// (or a checkbox, a group of checkboxes, or an editable list of lines), with
// its required marker, hint, and the error message for that field (and, in a
// list, for each line).

import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { Form, FormValues } from '../hooks/useForm';
import type { Option } from '../records';

type InputType = 'text' | 'email' | 'tel' | 'password' | 'date' | 'datetime-local' | 'number';

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
  /** Values offered as the user types (a datalist), any other still allowed. */
  suggestions?: readonly string[];
  /** Bounds of a number input. */
  min?: number;
  max?: number;
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
        min={props.min}
        max={props.max}
        list={props.suggestions && `${id}-suggestions`}
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
      {props.suggestions && (
        <datalist id={`${id}-suggestions`}>
          {props.suggestions.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      )}
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

/** What a line's control gets from LineListField. */
export interface LineControl {
  id: string;
  /** "Interval 2", for its label. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  describedBy: string | undefined;
}

interface LineListFieldProps<V extends FormValues> extends Pick<FieldProps<V>, 'form' | 'name' | 'label' | 'hint'> {
  lineLabel: string;
  maxLines: number;
  /** The fewest lines (0: the list may be empty, and an empty value is no line). */
  minLines?: number;
  /** What "Add" puts in a new line. */
  newLine?: string;
  /** The input(s) of one line; one text input when left out. */
  renderLine?: (line: LineControl) => ComponentChildren;
  /** Lays short lines (dates) out side by side. */
  inline?: boolean;
}

/**
 * An editable list of short lines (up to `maxLines`), kept in one form value
 * joined by newlines; the first line's input carries the field's id, so an
 * error focuses it. An error on one line (`name[1]`) is shown by that line.
 */
export function LineListField<V extends FormValues>({
  form,
  name,
  label,
  lineLabel,
  maxLines,
  minLines = 1,
  newLine = '',
  renderLine = TextLine,
  inline = false,
  hint,
}: LineListFieldProps<V>) {
  const id = form.fieldId(name);
  const error = form.errorFor(name);
  const value = form.values[name];
  const lines = minLines === 0 && value === '' ? [] : value.split('\n');
  const setLines = (next: string[]) => form.set(name, next.join('\n'));
  return (
    <fieldset class={`field field--wide line-list${inline ? ' line-list--inline' : ''}${error ? ' field--invalid' : ''}`}>
      <legend>{label}</legend>
      {lines.length > 0 && (
        <ol>
          {lines.map((line, index) => {
            const lineId = form.itemId(name, index);
            const lineError = form.errorFor(`${name}[${index}]`);
            const lineLabelText = `${lineLabel} ${index + 1}`;
            return (
              <li key={index} class="line-list-item">
                {renderLine({
                  id: lineId,
                  label: lineLabelText,
                  value: line,
                  onChange: (changed) => setLines(lines.map((old, at) => (at === index ? changed : old))),
                  invalid: Boolean(error ?? lineError),
                  describedBy: [describedByOf(id, hint, error), lineError && `${lineId}-error`].filter(Boolean).join(' ') || undefined,
                })}
                {lines.length > minLines && (
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={`Remove ${lineLabelText.toLowerCase()}`}
                    onClick={() => setLines(lines.filter((_, at) => at !== index))}
                  >
                    Remove
                  </button>
                )}
                {lineError && (
                  <p class="field-error line-list-error" id={`${lineId}-error`}>
                    {describeFieldError(lineLabelText, lineError)}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {lines.length < maxLines && (
        <button type="button" class="button button--small line-list-add" onClick={() => setLines([...lines, newLine])}>
          {`Add ${lineLabel.toLowerCase()}`}
        </button>
      )}
      <FieldMessages id={id} label={label} hint={hint} error={error} />
    </fieldset>
  );
}

/** A line of LineListField as one input of the type: text (the default) or a date. */
export function singleInputLine(type: 'text' | 'date') {
  return function InputLine({ id, label, value, onChange, invalid, describedBy }: LineControl) {
    return (
      <>
        <label class="visually-hidden" for={id}>
          {label}
        </label>
        <input
          id={id}
          // As in Field: Preact types <input> per literal `type`; both take the same attributes here.
          type={type as 'text'}
          value={value}
          maxLength={1000}
          placeholder={label}
          onInput={(event) => onChange(event.currentTarget.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
      </>
    );
  };
}

const TextLine = singleInputLine('text');

/** Checkboxes for a set of values, kept in one form value joined by commas. */
export function CheckboxGroupField<V extends FormValues>({
  form,
  name,
  label,
  options,
  hint,
}: Pick<FieldProps<V>, 'form' | 'name' | 'label' | 'hint'> & { options: readonly Option[] }) {
  const id = form.fieldId(name);
  const error = form.errorFor(name);
  const describedBy = describedByOf(id, hint, error);
  const chosen = form.values[name].split(',').filter(Boolean);
  const toggle = (value: string, on: boolean) =>
    form.set(name, options.map((option) => option.value).filter((each) => (each === value ? on : chosen.includes(each))).join(','));
  return (
    <fieldset class={`field field--wide checkbox-group${error ? ' field--invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{label}</legend>
      {options.map((option, index) => (
        <label key={option.value} for={index === 0 ? id : `${id}-${option.value}`}>
          <input
            id={index === 0 ? id : `${id}-${option.value}`}
            type="checkbox"
            checked={chosen.includes(option.value)}
            onInput={(event) => toggle(option.value, event.currentTarget.checked)}
            aria-invalid={error ? true : undefined}
          />
          {option.label}
        </label>
      ))}
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

/** Two date inputs of a filter bar, from (labelled fromLabel) and "to", each
 *  bounding the other; outside a Form, each change goes to its callback. */
export function DateRangeFields({ fromLabel, from, to, onFrom, onTo }: { fromLabel: string; from: string; to: string; onFrom: (date: string) => void; onTo: (date: string) => void }) {
  const ids = { from: useId(), to: useId() };
  return (
    <>
      <div class="field">
        <label for={ids.from}>{fromLabel}</label>
        <input id={ids.from} type="date" value={from} max={to} onChange={(event) => onFrom(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={ids.to}>to</label>
        <input id={ids.to} type="date" value={to} min={from} onChange={(event) => onTo(event.currentTarget.value)} />
      </div>
    </>
  );
}

/** The server says "is required"; people read "Name is required". Full sentences are kept as they are. */
function describeFieldError(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}
