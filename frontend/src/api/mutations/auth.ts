import { useMutation, useQueryClient } from "@tanstack/react-query";

import { login, logout } from "../endpoints";
import { keys } from "../keys";
import type { Me } from "../types";

/** Signs in; nothing cached before it (another session's data) outlives it. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => {
      queryClient.clear();
      queryClient.setQueryData<Me>(keys.me, { authenticated: true, ...response });
    },
  });
}

/** Signs out; whatever the server answers, the session is over for this browser and the cache goes. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => queryClient.clear(),
  });
}
