import type { ReactNode } from "react";

import { describeError } from "../api/client";

export function Spinner({ className = "h-4 w-4" }: { className?: string }) {
  return (
    <span
      role="status"
      aria-label="Loading"
      className={`inline-block animate-spin rounded-full border-2 border-slate-600 border-t-indigo-400 ${className}`}
    />
  );
}

/** Placeholder while a panel's data loads. */
export function Loading({ label = "Loading…" }: { label?: string | undefined }) {
  return (
    <div data-testid="loading" className="flex items-center gap-3 px-4 py-8 text-sm text-slate-400">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div
      data-testid="empty-state"
      className="rounded-lg border border-dashed border-slate-800 px-4 py-8 text-center"
    >
      <p className="text-sm font-medium text-slate-300">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}

/** A failed request shown in plain words: the problem's title and detail. */
export function ErrorAlert({
  error,
  onRetry,
  testId = "error-alert",
}: {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}) {
  const { title, detail } = describeError(error);
  return (
    <div
      role="alert"
      data-testid={testId}
      className="flex items-start gap-3 rounded-lg border border-rose-900/70 bg-rose-950/40 px-4 py-3 text-sm"
    >
      <span aria-hidden className="mt-0.5 text-rose-400">
        ⚠
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium text-rose-200">{title}</p>
        {detail ? <p className="mt-0.5 break-words text-rose-300/80">{detail}</p> : null}
      </div>
      {onRetry ? (
        <button type="button" className="btn-secondary btn-sm" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** For QueryState's `isEmpty`: a page of a list with no items on it. */
export function noItems(page: { items: readonly unknown[] }): boolean {
  return page.items.length === 0;
}

/** What QueryState reads of a TanStack query result. */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/**
 * A TanStack query's states with one wrapper: loading, failed (a failure wins over data kept
 * from before it), empty, and its data.
 */
export function QueryState<T>({
  query,
  children,
  loadingLabel,
  compact = false,
  retry = true,
  isEmpty,
  empty = null,
  errorFooter,
}: {
  query: QueryLike<T>;
  children: (data: T) => ReactNode;
  loadingLabel?: string;
  /** A bare spinner while loading, for small places such as a popover. */
  compact?: boolean;
  /** Offer a Retry button with the error. */
  retry?: boolean;
  /** True when the data has nothing to show: `empty` is rendered instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Shown under the error, such as a way back. */
  errorFooter?: ReactNode;
}) {
  if (query.isPending) {
    return compact ? <Spinner /> : <Loading label={loadingLabel} />;
  }
  if (query.error || query.data === undefined) {
    const alert = <ErrorAlert error={query.error} onRetry={retry ? () => void query.refetch() : undefined} />;
    if (!errorFooter) return alert;
    return (
      <div className="space-y-4">
        {alert}
        {errorFooter}
      </div>
    );
  }
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
