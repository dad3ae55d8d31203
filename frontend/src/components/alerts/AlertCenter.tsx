import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";

import type { Alert } from "../../api/types";
import { alertLink, alertTitle } from "./alertText";
import { alertPreferences, notificationState, playChime } from "./preferences";
import { useAlertStream } from "./useAlertStream";

/** A toast stays this long unless the owner closes it or hovers it. */
const TOAST_MS = 15_000;
const MAX_TOASTS = 4;

function raiseNotification(alert: Alert, open: (path: string) => void): void {
  if (notificationState() !== "granted" || !alertPreferences().notifications) return;
  try {
    // One tag per alert: every open tab raises it, the browser shows it once.
    const notification = new window.Notification(alertTitle(alert), {
      body: alert.reason,
      tag: `mhc-alert-${alert.id}`,
    });
    notification.onclick = () => {
      window.focus();
      open(alertLink(alert));
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the toast still shows.
  }
}

function Toast({ alert, onClose }: { alert: Alert; onClose: () => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = window.setTimeout(onClose, TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [paused, onClose]);
  return (
    <li
      data-testid="alert-toast"
      data-alert-id={alert.id}
      role="status"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      className="pointer-events-auto animate-radar-in rounded-xl border border-amber-400/60 bg-slate-900 p-3 shadow-2xl shadow-black/50"
    >
      <div className="flex items-start gap-2">
        <span aria-hidden className="mt-0.5 text-lg leading-none text-amber-300">
          🔔
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-white">{alertTitle(alert)}</p>
          <p className="mt-0.5 text-sm text-slate-300">{alert.reason}</p>
          <Link to={alertLink(alert)} onClick={onClose} className="link mt-1 inline-block text-xs">
            {alert.personId !== null ? "Open their page →" : "Alert settings →"}
          </Link>
        </div>
        <button type="button" className="btn-ghost btn-sm" onClick={onClose} aria-label="Close the alert">
          ✕
        </button>
      </div>
    </li>
  );
}

/**
 * Alerts on every page of the panel: a toast for each (with a chime when the owner turned it
 * on) and a browser notification when allowed. Mounted once, in the layout.
 */
export function AlertCenter() {
  const [toasts, setToasts] = useState<Alert[]>([]);
  const navigate = useNavigate();
  const onAlert = useCallback(
    (alert: Alert) => {
      setToasts((shown) => [alert, ...shown.filter((item) => item.id !== alert.id)].slice(0, MAX_TOASTS));
      if (alertPreferences().sound) playChime();
      raiseNotification(alert, (path) => void navigate(path));
    },
    [navigate],
  );
  useAlertStream(onAlert);
  const close = useCallback((id: number) => setToasts((shown) => shown.filter((item) => item.id !== id)), []);

  return (
    <ol
      data-testid="alert-toasts"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-3 top-3 z-50 flex flex-col gap-2 sm:inset-x-auto sm:top-auto sm:right-4 sm:bottom-4 sm:w-96"
    >
      {toasts.map((alert) => (
        <Toast key={alert.id} alert={alert} onClose={() => close(alert.id)} />
      ))}
    </ol>
  );
}
