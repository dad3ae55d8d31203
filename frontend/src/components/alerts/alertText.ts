import type { Alert } from "../../api/types";

/** The alert's headline: who, and which rule ("big_tipper_77 · A friend enters"). */
export function alertTitle(alert: Alert): string {
  return alert.username ? `${alert.username} · ${alert.ruleName}` : alert.ruleName;
}

/** Where the alert leads in the panel: the person's page, or the settings for a test alert. */
export function alertLink(alert: Alert): string {
  return alert.personId !== null ? `/person/${alert.personId}` : "/settings";
}
