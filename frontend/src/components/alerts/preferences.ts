import { useSyncExternalStore } from "react";

/**
 * How alerts reach the owner in this browser: a sound with each toast, and a browser
 * notification (the Notification API, whose permission only the owner's click may ask for).
 * Kept in localStorage: each browser (the laptop, the phone) decides for itself.
 */
export interface AlertPreferences {
  sound: boolean;
  notifications: boolean;
}

const STORAGE_KEY = "mhc.alerts";
const DEFAULTS: AlertPreferences = { sound: false, notifications: true };
const listeners = new Set<() => void>();
let cached: AlertPreferences | null = null;

function read(): AlertPreferences {
  if (cached) return cached;
  try {
    const stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "{}") as Partial<AlertPreferences>;
    cached = {
      sound: typeof stored.sound === "boolean" ? stored.sound : DEFAULTS.sound,
      notifications: typeof stored.notifications === "boolean" ? stored.notifications : DEFAULTS.notifications,
    };
  } catch {
    cached = { ...DEFAULTS };
  }
  return cached;
}

export function alertPreferences(): AlertPreferences {
  return read();
}

export function setAlertPreferences(change: Partial<AlertPreferences>): void {
  cached = { ...read(), ...change };
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(cached));
  } catch {
    // A private window may refuse storage: the choice still holds until the tab closes.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAlertPreferences(): AlertPreferences {
  return useSyncExternalStore(subscribe, read, () => DEFAULTS);
}

export type NotificationState = NotificationPermission | "unsupported";

export function notificationState(): NotificationState {
  return typeof window !== "undefined" && "Notification" in window ? window.Notification.permission : "unsupported";
}

/** Ask the browser for permission; call it from the owner's click only. */
export async function askForNotifications(): Promise<NotificationState> {
  if (notificationState() === "unsupported") return "unsupported";
  const answer = await window.Notification.requestPermission();
  setAlertPreferences({ notifications: answer === "granted" });
  return answer;
}

let audio: AudioContext | null = null;

/** A short two-note chime (no file to download); silent when the browser has no Web Audio. */
export function playChime(): void {
  const Context = typeof window !== "undefined" ? window.AudioContext : undefined;
  if (!Context) return;
  try {
    audio ??= new Context();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.16, 1320],
    ] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.32);
    }
  } catch {
    // Audio that cannot start (no output device, autoplay refused) is not worth an error.
  }
}
