import { formatNumber } from "../lib/format";

/** Previous / next controls for a server-side page (`limit` + `offset`). `exact={false}`:
 * more than `total` items exist (the server stopped counting). */
export function Pagination({
  total,
  limit,
  offset,
  onChange,
  exact = true,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
  exact?: boolean;
}) {
  if (total <= 0) return null;
  const first = offset + 1;
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav
      data-testid="pagination"
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 pt-3 text-sm text-slate-400"
    >
      <span>
        {formatNumber(first)}–{formatNumber(last)} of {exact ? "" : "more than "}
        {formatNumber(total)}
      </span>
      <div className="flex items-center gap-2">
        <button
          type="button"
          data-testid="page-prev"
          className="btn-secondary btn-sm"
          disabled={offset === 0}
          onClick={() => onChange(Math.max(0, offset - limit))}
        >
          ← Prev
        </button>
        <span className="tabular-nums">
          {formatNumber(page)} / {formatNumber(pages)}
          {exact ? "" : "+"}
        </span>
        <button
          type="button"
          data-testid="page-next"
          className="btn-secondary btn-sm"
          disabled={exact && offset + limit >= total}
          onClick={() => onChange(offset + limit)}
        >
          Next →
        </button>
      </div>
    </nav>
  );
}
