import type { ReactNode } from "react";

/** A table's box that scrolls sideways on a narrow screen. It takes the keyboard's focus, so the
 * arrow keys scroll it even when nothing inside can be focused, and it is named for screen
 * readers. */
export function ScrollX({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`overflow-x-auto ${className}`.trim()} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
