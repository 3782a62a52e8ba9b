// A titled section of a page, with optional buttons beside its heading.

import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface PanelProps {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}

export function Panel({ title, actions, children }: PanelProps) {
  const headingId = useId();
  return (
    <section class="panel" aria-labelledby={headingId}>
      <header class="panel-header">
        <h2 id={headingId}>{title}</h2>
        {actions && <div class="panel-actions">{actions}</div>}
      </header>
      <div class="panel-body">{children}</div>
    </section>
  );
}
