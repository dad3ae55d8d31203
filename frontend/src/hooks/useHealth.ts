import { useQuery } from "@tanstack/react-query";

import { getHealth } from "../api/endpoints";
import { keys } from "../api/keys";

/** The panel's health (database and worker heartbeat), shared by every view that shows it. */
export function useHealth(refetchInterval = 30_000) {
  return useQuery({ queryKey: keys.health, queryFn: getHealth, refetchInterval });
}
