import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { AlertRule } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { AlertsSection } from "./AlertsSection";

const watched: AlertRule = {
  id: 1,
  kind: "watchlist_enters",
  name: "A friend or someone to watch enters",
  enabled: true,
  params: { watchlistIds: [1, 3], minTokens: null, levels: [] },
  oncePerShow: true,
  cooldownMinutes: 60,
  mutedUntil: null,
  createdAt: "2026-03-01T10:00:00Z",
  updatedAt: "2026-03-01T10:00:00Z",
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi()
    .on("GET", "/api/alerts/settings", { body: { mutedUntil: null, pushoverConfigured: true, publicUrl: null } })
    .on("GET", "/api/alerts/rules", { body: [watched] })
    .on("GET", "/api/alerts", { body: { items: [], total: 0, limit: 20, offset: 0 } })
    .on("GET", "/api/watchlists", {
      body: [
        { id: 1, name: "Friends", isSystem: true, memberCount: 2 },
        { id: 3, name: "Ones to Watch", isSystem: true, memberCount: 5 },
      ],
    })
    .install();
});

describe("AlertsSection", () => {
  it("test_switches_a_rule_off_when_its_box_is_unticked", async () => {
    api.on("PATCH", "/api/alerts/rules/1", ({ body }) => ({ body: { ...watched, ...(body as object) } }));
    renderWithProviders(<AlertsSection />);

    const rule = await screen.findByTestId("alert-rule");
    expect(rule).toHaveTextContent("Friends, Ones to Watch");
    await userEvent.click(within(rule).getByTestId("alert-rule-enabled"));

    await waitFor(() => expect(api.last("PATCH", "/api/alerts/rules/1")?.body).toEqual({ enabled: false }));
  });

  it("test_says_how_the_test_alert_went_when_it_is_sent", async () => {
    api.on("POST", "/api/alerts/test", {
      body: {
        alert: {
          id: 9,
          ruleId: null,
          ruleKind: "test",
          ruleName: "Test alert",
          personId: null,
          username: null,
          sessionId: null,
          interactionId: null,
          reason: "A test alert",
          firedAt: "2026-03-06T21:00:00Z",
          deliveries: [],
        },
        pushover: { channel: "pushover", status: "failed", detail: "refused the request (HTTP 500)", updatedAt: null },
      },
    });
    renderWithProviders(<AlertsSection />);

    await userEvent.click(await screen.findByTestId("alert-test"));

    expect(await screen.findByTestId("alert-test-outcome")).toHaveTextContent("Pushover failed: refused the request (HTTP 500)");
  });

  it("test_names_the_field_when_a_new_rule_is_refused", async () => {
    api.on("POST", "/api/alerts/rules", {
      status: 400,
      body: { type: "about:blank", title: "Bad Request", status: 400, detail: "choose at least one watchlist", errors: [{ field: "params", message: "choose at least one watchlist" }] },
    });
    renderWithProviders(<AlertsSection />);
    await userEvent.click(await screen.findByTestId("alert-rule-add"));
    const form = await screen.findByTestId("alert-rule-form");
    for (const box of within(form).getAllByRole("checkbox")) {
      if ((box as HTMLInputElement).checked) await userEvent.click(box);
    }

    await userEvent.click(within(form).getByRole("button", { name: "Add rule" }));

    expect(await within(form).findByRole("alert")).toHaveTextContent("choose at least one watchlist");
  });
});
