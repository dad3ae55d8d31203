import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";

import {
  addWatchlistMember,
  createWatchlist,
  deleteWatchlist,
  removeWatchlistMember,
  renameWatchlist,
  type NewMember,
} from "../endpoints";
import { keys } from "../keys";

export function useCreateWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => createWatchlist(name),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.watchlists });
    },
  });
}

export function useRenameWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => renameWatchlist(id, name),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.watchlists }),
  });
}

export function useDeleteWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => deleteWatchlist(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.watchlists }),
  });
}

/** A membership shows in the lists (counts and member pages) and in the person's detail. */
async function refreshMembership(queryClient: QueryClient, personId: number): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.watchlists }),
    queryClient.invalidateQueries({ queryKey: keys.person(personId) }),
  ]);
}

/** Puts someone, by id or by username, on a list; both views reload before it settles. */
export function useAddWatchlistMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ watchlistId, member }: { watchlistId: number; member: NewMember }) =>
      addWatchlistMember(watchlistId, member),
    onSuccess: (added) => refreshMembership(queryClient, added.person.id),
  });
}

export function useRemoveWatchlistMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ watchlistId, personId }: { watchlistId: number; personId: number }) =>
      removeWatchlistMember(watchlistId, personId),
    onSuccess: (_, { personId }) => refreshMembership(queryClient, personId),
  });
}
