import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { ClockSection } from "./ClockSection";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  api.on("GET", "/api/settings", { body: { timezone: "UTC", clock: "24h", defaultTimezone: "UTC" } });
});

describe("ClockSection", () => {
  it("test_saves_the_zone_and_the_12_hour_clock_when_the_owner_chooses_them", async () => {
    api.on("PUT", "/api/settings", (request) => ({ body: { ...(request.body as object), defaultTimezone: "UTC" } }));
    renderWithProviders(<ClockSection />);

    const zone = await screen.findByTestId("clock-timezone");
    expect(screen.getByTestId("clock-save")).toBeDisabled();
    fireEvent.change(zone, { target: { value: "America/New_York" } });
    await userEvent.click(screen.getByTestId("clock-12h"));
    expect(screen.getByTestId("clock-preview")).toHaveTextContent(/\d{1,2}:\d{2} (AM|PM) E[SD]T$/);
    await userEvent.click(screen.getByTestId("clock-save"));

    expect(await screen.findByTestId("clock-saved")).toHaveTextContent("America/New_York, 12-hour clock");
    expect(api.last("PUT", "/api/settings")?.body).toEqual({ timezone: "America/New_York", clock: "12h" });
  });

  it("test_shows_the_problem_and_keeps_the_form_when_the_zone_is_refused", async () => {
    api.on("PUT", "/api/settings", {
      status: 400,
      body: {
        type: "about:blank",
        title: "Bad Request",
        status: 400,
        detail: "'Mars/Base' is not an IANA time zone name",
        errors: [{ field: "timezone", message: "is not an IANA time zone name" }],
      },
    });
    renderWithProviders(<ClockSection />);

    const zone = await screen.findByTestId("clock-timezone");
    fireEvent.change(zone, { target: { value: "Mars/Base" } });
    await userEvent.click(screen.getByTestId("clock-save"));

    expect(await screen.findByTestId("clock-error")).toHaveTextContent("is not an IANA time zone name");
    expect(screen.getByTestId("clock-timezone")).toHaveValue("Mars/Base");
  });
});
