import { useMutation, useQueryClient } from "@tanstack/react-query";

import {
  checkPushover,
  createAlertRule,
  deleteAlertRule,
  muteAlertRule,
  muteAlerts,
  sendTestAlert,
  updateAlertRule,
} from "../endpoints";
import { keys } from "../keys";
import type { CreateAlertRule, UpdateAlertRule } from "../types";

// Every alert change reloads the rules, the settings and the log together: they are small.

function useInvalidateAlerts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.alerts });
}

export function useCreateAlertRule() {
  const invalidate = useInvalidateAlerts();
  return useMutation({ mutationFn: (body: CreateAlertRule) => createAlertRule(body), onSuccess: invalidate });
}

export function useUpdateAlertRule() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: ({ ruleId, change }: { ruleId: number; change: UpdateAlertRule }) => updateAlertRule(ruleId, change),
    onSuccess: invalidate,
  });
}

export function useDeleteAlertRule() {
  const invalidate = useInvalidateAlerts();
  return useMutation({ mutationFn: (ruleId: number) => deleteAlertRule(ruleId), onSuccess: invalidate });
}

export function useMuteAlertRule() {
  const invalidate = useInvalidateAlerts();
  return useMutation({
    mutationFn: ({ ruleId, minutes }: { ruleId: number; minutes: number }) => muteAlertRule(ruleId, minutes),
    onSuccess: invalidate,
  });
}

export function useMuteAlerts() {
  const invalidate = useInvalidateAlerts();
  return useMutation({ mutationFn: (minutes: number) => muteAlerts(minutes), onSuccess: invalidate });
}

export function useSendTestAlert() {
  const invalidate = useInvalidateAlerts();
  return useMutation({ mutationFn: sendTestAlert, onSuccess: invalidate });
}

export function useCheckPushover() {
  return useMutation({ mutationFn: checkPushover });
}
