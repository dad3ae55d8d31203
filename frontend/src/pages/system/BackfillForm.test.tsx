import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setCsrfToken } from "../../api/client";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { backfill } from "../../test/systemFixtures";
import { BackfillForm } from "./BackfillForm";
import { checkDraft, EMPTY_DRAFT, parseUsernames } from "./backfillRequest";

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
  setCsrfToken("csrf-backfill-test");
});

afterEach(() => setCsrfToken(null));

describe("checkDraft", () => {
  it("test_reads_names_one_per_line_or_comma_separated_when_pasted", () => {
    expect(parseUsernames("@big_tipper_77, quiet_lurker_12\n\nBIG_TIPPER_77 chatty_friend_3;")).toEqual([
      "big_tipper_77",
      "quiet_lurker_12",
      "chatty_friend_3",
    ]);
  });

  it("test_refuses_more_than_a_thousand_names_when_too_many_are_pasted", () => {
    const usernames = Array.from({ length: 1001 }, (_, index) => `viewer_${index}`).join("\n");

    expect(checkDraft({ ...EMPTY_DRAFT, usernames })).toEqual({
      ok: false,
      message: "At most 1,000 names at a time (this is 1,001).",
    });
  });

  it("test_names_what_is_not_a_username_when_the_list_has_urls", () => {
    const check = checkDraft({ ...EMPTY_DRAFT, usernames: "big_tipper_77 https://chaturbate.com/x/ a-b" });

    expect(check).toEqual({ ok: false, message: "Not a username: https://chaturbate.com/x/, a-b." });
  });

  it("test_refuses_a_date_range_that_ends_before_it_starts_when_backfilling_tips", () => {
    const check = checkDraft({ ...EMPTY_DRAFT, kind: "tip_history", since: "2026-03-01", until: "2026-02-01" });

    expect(check).toEqual({ ok: false, message: "“Since” must not be after “until”." });
  });

  it("test_sends_only_the_dates_given_when_backfilling_tips", () => {
    expect(checkDraft({ ...EMPTY_DRAFT, kind: "tip_history", since: "2026-01-01", usernames: "ignored" })).toEqual({
      ok: true,
      request: { kind: "tip_history", since: "2026-01-01" },
    });
  });
});

describe("BackfillForm", () => {
  it("test_says_what_is_missing_and_sends_nothing_when_no_name_is_given", async () => {
    renderWithProviders(<BackfillForm />);

    await userEvent.click(screen.getByTestId("backfill-submit"));

    expect(screen.getByTestId("backfill-validation")).toHaveTextContent("Enter at least one username.");
    expect(api.requests.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  it("test_queues_a_snapshot_of_the_names_when_submitted", async () => {
    api.on("POST", "/api/backfills", { status: 202, body: backfill(11, { status: "queued", label: "Statbate snapshots of 2 names" }) });
    renderWithProviders(<BackfillForm />);

    await userEvent.type(screen.getByTestId("backfill-usernames"), "big_tipper_77{enter}@quiet_lurker_12");
    await userEvent.click(screen.getByTestId("backfill-submit"));

    expect(await screen.findByTestId("backfill-queued")).toHaveTextContent("Statbate snapshots of 2 names");
    const sent = api.last("POST", "/api/backfills");
    expect(sent?.body).toEqual({ kind: "statbate_snapshots", usernames: ["big_tipper_77", "quiet_lurker_12"] });
    expect(sent?.headers.get("X-CSRF-Token")).toBe("csrf-backfill-test");
    expect(screen.getByTestId("backfill-usernames")).toHaveValue("");
  });

  it("test_queues_a_snapshot_of_a_watchlist_when_one_is_chosen", async () => {
    api.on("GET", "/api/watchlists", {
      body: [
        { id: 1, name: "Friends", isSystem: true, memberCount: 3 },
        { id: 6, name: "Whales", isSystem: false, memberCount: 12 },
      ],
    });
    api.on("POST", "/api/backfills", { status: 202, body: backfill(12, { status: "queued" }) });
    renderWithProviders(<BackfillForm />);

    await userEvent.click(screen.getByTestId("backfill-target-watchlist"));
    await userEvent.selectOptions(await screen.findByTestId("backfill-watchlist"), "Whales (12)");
    await userEvent.click(screen.getByTestId("backfill-submit"));

    await screen.findByTestId("backfill-queued");
    expect(api.last("POST", "/api/backfills")?.body).toEqual({ kind: "statbate_snapshots", watchlistId: 6 });
  });

  it("test_shows_the_problem_detail_when_the_server_refuses", async () => {
    api.on("POST", "/api/backfills", {
      status: 409,
      body: {
        type: "urn:mhc:problem:conflict",
        title: "Conflict",
        status: 409,
        detail: "Tip history needs STATBATE_API_TOKEN: it is not configured.",
      },
    });
    renderWithProviders(<BackfillForm />);

    await userEvent.selectOptions(screen.getByTestId("backfill-kind"), "Tip history");
    await userEvent.click(screen.getByTestId("backfill-submit"));

    expect(await screen.findByTestId("backfill-error")).toHaveTextContent(
      "Tip history needs STATBATE_API_TOKEN: it is not configured.",
    );
    expect(api.last("POST", "/api/backfills")?.body).toEqual({ kind: "tip_history" });
    expect(screen.queryByTestId("backfill-queued")).not.toBeInTheDocument();
  });
});
