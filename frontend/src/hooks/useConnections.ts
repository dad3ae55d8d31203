import { useQuery } from "@tanstack/react-query";

import { connectionsQuery } from "../api/queries";
import type { ConnectionName } from "../api/types";
import { findConnection, isUsable } from "../lib/connections";

/** The connections and their states, shared by the header, the home page and the figures. */
export function useConnections(refetchInterval = 30_000) {
  return useQuery({ ...connectionsQuery(), refetchInterval });
}

/** Whether `name` has a usable value; undefined while that is not known yet. */
export function useConnected(name: ConnectionName): boolean | undefined {
  const connections = useConnections();
  if (!connections.data) return undefined;
  return isUsable(findConnection(connections.data.items, name));
}
