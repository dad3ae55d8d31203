import { useMutation, useQueryClient } from "@tanstack/react-query";

import {
  changePassword,
  createApiKey,
  disableTotp,
  enableTotp,
  endBrowserSession,
  endEveryBrowserSession,
  erasePerson,
  revokeApiKey,
  setupTotp,
} from "../endpoints";
import { keys } from "../keys";
import type { BodyOf } from "../types";

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"createApiKey">) => createApiKey(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) => revokeApiKey(id, password),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useSetupTotp() {
  return useMutation({ mutationFn: (password: string) => setupTotp(password) });
}

export function useEnableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => enableTotp(code),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.totp }),
        queryClient.invalidateQueries({ queryKey: keys.me }),
      ]),
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => disableTotp(password),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.totp }),
        queryClient.invalidateQueries({ queryKey: keys.me }),
      ]),
  });
}

export function useEndBrowserSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => endBrowserSession(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.browserSessions }),
  });
}

/** Ends this browser's session too: the cache goes, and the next request meets the login. */
export function useEndEveryBrowserSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endEveryBrowserSession,
    onSuccess: () => queryClient.clear(),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"changePassword">) => changePassword(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.browserSessions }),
  });
}

export function useErasePerson(personId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"erasePerson">) => erasePerson(personId, body),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.person(personId) });
      void queryClient.invalidateQueries({ queryKey: ["people"] });
      void queryClient.invalidateQueries({ queryKey: ["erasures"] });
    },
  });
}
