import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { removeConnection, setConnection, testConnection } from "../endpoints";
import { keys } from "../keys";
import type { Connection, ConnectionName, SetConnectionRequest } from "../types";

/** The connection as the server answered replaces it in the list; health and jobs reload. */
function remember(queryClient: QueryClient, connection: Connection): void {
  queryClient.setQueryData(keys.connections, (list: { items: Connection[] } | undefined) =>
    list ? { items: list.items.map((item) => (item.name === connection.name ? connection : item)) } : list,
  );
  void queryClient.invalidateQueries({ queryKey: keys.connections });
}

export function useSetConnection(name: ConnectionName) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetConnectionRequest) => setConnection(name, body),
    onSuccess: (connection) => remember(queryClient, connection),
  });
}

export function useRemoveConnection(name: ConnectionName) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => removeConnection(name),
    onSuccess: (connection) => remember(queryClient, connection),
  });
}

export function useTestConnection(name: ConnectionName) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => testConnection(name),
    onSuccess: (test) => remember(queryClient, test.connection),
  });
}
