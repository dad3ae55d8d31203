import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import type { Person } from "../../api/types";
import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { WatchlistsPage } from "../WatchlistsPage";

const added: Person = {
  id: 7,
  username: "big_tipper_77",
  platform: "chaturbate",
  role: "VIEWER",
  rid: null,
  did: null,
  firstSeenAt: "2026-03-01T20:00:00Z",
  lastSeenAt: "2026-03-06T20:58:00Z",
  isExcluded: false,
  aliases: [],
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi()
    .on("GET", "/api/watchlists", { body: [{ id: 1, name: "Friends", isSystem: true, memberCount: 0 }] })
    .on("GET", "/api/watchlist/1/members", { body: { items: [], total: 0, limit: 25, offset: 0 } })
    .on("POST", "/api/watchlist/1/member", { status: 201, body: { addedAt: "2026-03-06T21:00:00Z", person: added } })
    .install();
});

describe("Members", () => {
  it("test_clears_the_name_once_added_but_keeps_the_next_one_typed_meanwhile", async () => {
    renderWithProviders(<WatchlistsPage />, { route: "/watchlists?list=1" });
    const name = await screen.findByTestId("watchlist-add-username");

    await userEvent.type(name, "big_tipper_77");
    await userEvent.click(screen.getByTestId("watchlist-add-submit"));
    await waitFor(() => expect(name).toHaveValue(""));

    // The add settles once the lists are read again: what is typed before that stays.
    const release = api.hold("GET", "/api/watchlists");
    await userEvent.type(name, "night_owl_3");
    const submit = screen.getByTestId("watchlist-add-submit");
    await userEvent.click(submit);
    await waitFor(() => expect(api.last("POST", "/api/watchlist/1/member")?.body).toEqual({ username: "night_owl_3" }));
    await userEvent.clear(name);
    await userEvent.type(name, "cam_star_5");
    release();

    await waitFor(() => expect(within(submit).queryByRole("status")).toBeNull());
    expect(name).toHaveValue("cam_star_5");
  });
});
