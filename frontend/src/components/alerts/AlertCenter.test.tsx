import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Alert } from "../../api/types";
import { FakeEventSource } from "../../test/fakeEventSource";
import { renderWithProviders } from "../../test/render";
import { AlertCenter } from "./AlertCenter";
import { setAlertPreferences } from "./preferences";

const friendEnters: Alert = {
  id: 7,
  ruleId: 1,
  ruleKind: "watchlist_enters",
  ruleName: "A friend enters",
  personId: 12,
  username: "big_tipper_77",
  sessionId: 31,
  interactionId: 400,
  reason: "entered; on Friends",
  firedAt: "2026-03-06T21:00:00Z",
  deliveries: [{ channel: "panel", status: "sent", detail: null, updatedAt: null }],
};

class RecordedNotification {
  static permission: NotificationPermission = "granted";
  static shown: { title: string; options: NotificationOptions | undefined }[] = [];
  onclick: (() => void) | null = null;
  constructor(title: string, options?: NotificationOptions) {
    RecordedNotification.shown.push({ title, options });
  }
  static requestPermission(): Promise<NotificationPermission> {
    return Promise.resolve(RecordedNotification.permission);
  }
  close(): void {}
}

beforeEach(() => {
  FakeEventSource.install();
  RecordedNotification.shown = [];
  RecordedNotification.permission = "granted";
  vi.stubGlobal("Notification", RecordedNotification);
  setAlertPreferences({ notifications: true, sound: false });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("AlertCenter", () => {
  it("test_shows_a_toast_and_raises_one_notification_when_an_alert_arrives", async () => {
    renderWithProviders(<AlertCenter />);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.latest();
    expect(source.url).toBe("/api/alerts/stream");

    act(() => {
      source.open();
      source.emit("alert", friendEnters, "7");
      source.emit("alert", friendEnters, "7");
    });

    const toast = await screen.findByTestId("alert-toast");
    expect(toast).toHaveTextContent("big_tipper_77 · A friend enters");
    expect(toast).toHaveTextContent("entered; on Friends");
    expect(screen.getByRole("link", { name: /open their page/i })).toHaveAttribute("href", "/person/12");
    expect(RecordedNotification.shown).toEqual([
      { title: "big_tipper_77 · A friend enters", options: { body: "entered; on Friends", tag: "mhc-alert-7" } },
    ]);
  });

  it("test_raises_no_notification_when_the_owner_turned_them_off", async () => {
    setAlertPreferences({ notifications: false });
    renderWithProviders(<AlertCenter />);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));

    act(() => FakeEventSource.latest().emit("alert", friendEnters, "7"));

    await screen.findByTestId("alert-toast");
    expect(RecordedNotification.shown).toEqual([]);
  });

  it("test_closes_a_toast_when_the_owner_dismisses_it", async () => {
    renderWithProviders(<AlertCenter />);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => FakeEventSource.latest().emit("alert", friendEnters, "7"));

    await userEvent.click(await screen.findByRole("button", { name: /close the alert/i }));

    expect(screen.queryByTestId("alert-toast")).not.toBeInTheDocument();
  });
});
