import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { cancelBackfill, startBackfill } from "../endpoints";
import { keys } from "../keys";
import type { Backfill } from "../types";

/** The row as the server answered is what a follower of this backfill shows; the lists reload. */
function remember(queryClient: QueryClient, backfill: Backfill): void {
  queryClient.setQueryData(keys.backfill(backfill.id), backfill);
  void queryClient.invalidateQueries({ queryKey: keys.allBackfills });
}

/** Queues a backfill for the worker. */
export function useStartBackfill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startBackfill,
    onSuccess: (backfill) => remember(queryClient, backfill),
  });
}

/** Cancels a queued backfill, or asks a running one to stop after the chunk in hand. */
export function useCancelBackfill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => cancelBackfill(id),
    onSuccess: (backfill) => remember(queryClient, backfill),
  });
}
