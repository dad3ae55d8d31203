import { Link } from "react-router";

import { useConnections } from "../hooks/useConnections";
import { headerConnection } from "../lib/connections";

/** Header pill while the room is not connected (no Events API token, or a refused one). */
export function ConnectionIndicator() {
  const connections = useConnections();
  const status = headerConnection(connections.data?.items);
  if (!status.show) return null;
  return (
    <Link
      to="/connections"
      data-testid="connection-indicator"
      data-state={status.state}
      title={status.text}
      className="inline-flex items-center gap-1.5 rounded-full border border-rose-600/60 bg-rose-500/15 px-2.5 py-1 text-xs font-semibold whitespace-nowrap text-rose-200 hover:bg-rose-500/25"
    >
      <span aria-hidden className="h-2 w-2 shrink-0 rounded-full bg-rose-400" />
      <span className="sm:hidden">{status.short}</span>
      <span className="hidden sm:inline">{status.label}</span>
    </Link>
  );
}
