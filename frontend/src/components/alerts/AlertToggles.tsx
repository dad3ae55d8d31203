import { useState } from "react";

import {
  askForNotifications,
  notificationState,
  playChime,
  setAlertPreferences,
  useAlertPreferences,
} from "./preferences";

/** This browser's choices: a chime with each alert, and browser notifications. */
export function AlertToggles({ compact = false }: { compact?: boolean }) {
  const preferences = useAlertPreferences();
  const [permission, setPermission] = useState(notificationState);
  const notifying = permission === "granted" && preferences.notifications;

  const toggleNotifications = async () => {
    if (notifying) {
      setAlertPreferences({ notifications: false });
      return;
    }
    if (permission === "granted") {
      setAlertPreferences({ notifications: true });
      return;
    }
    setPermission(await askForNotifications());
  };

  const notificationLabel =
    permission === "unsupported"
      ? "No browser notifications here"
      : permission === "denied"
        ? "Notifications blocked by the browser"
        : notifying
          ? "Browser notifications on"
          : "Turn on browser notifications";

  return (
    <div className={`flex flex-wrap items-center gap-2 ${compact ? "" : "text-sm"}`}>
      <button
        type="button"
        data-testid="alert-notifications-toggle"
        aria-pressed={notifying}
        className={notifying ? "btn-secondary btn-sm" : "btn-ghost btn-sm"}
        disabled={permission === "unsupported" || permission === "denied"}
        onClick={() => void toggleNotifications()}
        title={permission === "denied" ? "Allow notifications for this site in the browser's settings" : undefined}
      >
        <span aria-hidden>🔔</span> {compact ? (notifying ? "Notify: on" : "Notify me") : notificationLabel}
      </button>
      <button
        type="button"
        data-testid="alert-sound-toggle"
        aria-pressed={preferences.sound}
        className={preferences.sound ? "btn-secondary btn-sm" : "btn-ghost btn-sm"}
        onClick={() => {
          // The click lets the browser play sound: the chime says what it will sound like.
          if (!preferences.sound) playChime();
          setAlertPreferences({ sound: !preferences.sound });
        }}
      >
        <span aria-hidden>{preferences.sound ? "🔊" : "🔈"}</span> {preferences.sound ? "Sound on" : "Sound off"}
      </button>
    </div>
  );
}
