// A compact table of records described by its columns; renders nothing for no rows
// (ListFooter says that the list is empty).

import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** `numeric` right-aligns the column. */
  align?: 'numeric';
}

interface DataTableProps<T> {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  /** A class for a row to stand out, e.g. `row--bad`. */
  rowClass?: (row: T) => string | undefined;
}

export function DataTable<T>({ caption, columns, rows, rowKey, rowClass }: DataTableProps<T>) {
  if (rows.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" class={column.align}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} class={rowClass?.(row)}>
              {columns.map((column) => (
                <td key={column.header} class={column.align}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
