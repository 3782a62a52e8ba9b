// Read-only fields as a term/value list; empty values read "Not set".

export type DetailRows = readonly (readonly [string, string | null])[];

export function DetailsList({ rows }: { rows: DetailRows }) {
  return (
    <dl class="details">
      {rows.map(([term, value]) => (
        <div key={term} class="details-row">
          <dt>{term}</dt>
          <dd>{value || <span class="muted">Not set</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
