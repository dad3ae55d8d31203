import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import { ApiError } from "../api/client";
import type { Health, WorkerHealth } from "../api/types";
import { FakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { WorkerIndicator, workerStatus } from "./WorkerIndicator";

const now = new Date("2026-03-06T21:00:00Z");

function health(worker: WorkerHealth | null, database: Health["database"] = "ok"): Health {
  return { status: worker?.stale ? "degraded" : "ok", database, worker, version: "0.1.0" };
}

const liveWorker: WorkerHealth = {
  lastPollAt: "2026-03-06T20:59:58Z",
  lastEventAt: "2026-03-06T20:59:57Z",
  lagSeconds: 2,
  lastError: null,
  stale: false,
};

let api: FakeApi;

beforeEach(() => {
  api = new FakeApi().install();
});

describe("workerStatus", () => {
  it("test_says_live_with_its_lag_when_the_worker_polled_recently", () => {
    expect(workerStatus(health(liveWorker), null, now)).toEqual({
      state: "live",
      text: "Worker live · lag 2 s",
      label: "Worker live",
      short: "Worker",
    });
  });

  it("test_says_lag_under_a_second_when_the_worker_is_keeping_up", () => {
    expect(workerStatus(health({ ...liveWorker, lagSeconds: 0.002 }), null, now).text).toBe("Worker live · lag < 1 s");
  });

  it("test_says_how_long_ago_it_polled_when_the_worker_is_stale", () => {
    const stale = { ...liveWorker, lastPollAt: "2026-03-06T20:48:00Z", stale: true };

    const status = workerStatus(health(stale), null, now);

    expect(status.state).toBe("stale");
    expect(status.text).toBe("Worker stale · last poll 12 min ago");
    expect(status.label).toBe("Worker stale · 12 min");
  });

  it("test_says_database_down_when_health_answers_503", () => {
    const error = new ApiError({ title: "Service Unavailable", status: 503 });

    expect(workerStatus(undefined, error, now).text).toBe("Database down");
  });

  it("test_says_no_worker_when_no_heartbeat_was_ever_written", () => {
    expect(workerStatus(health(null), null, now)).toMatchObject({ state: "none", text: "No worker" });
  });

  it("test_names_the_failure_when_the_server_cannot_be_reached", () => {
    const error = new ApiError({ title: "Network error", status: 0 });

    expect(workerStatus(undefined, error, now)).toMatchObject({
      state: "unknown",
      text: "Health unknown · Network error",
    });
  });
});

describe("WorkerIndicator", () => {
  it("test_links_to_the_system_page_in_green_when_the_worker_is_live", async () => {
    api.on("GET", "/api/health", { body: health({ ...liveWorker, lastPollAt: new Date().toISOString() }) });

    renderWithProviders(<WorkerIndicator />);

    const indicator = screen.getByTestId("worker-indicator");
    await waitFor(() => expect(indicator).toHaveAttribute("data-state", "live"));
    expect(indicator).toHaveAttribute("href", "/system");
    expect(indicator).toHaveAttribute("title", "Worker live · lag 2 s");
    expect(indicator.className).toContain("emerald");
  });

  it("test_turns_rose_when_the_database_is_down", async () => {
    api.on("GET", "/api/health", { status: 503, body: health(null, "down") });

    renderWithProviders(<WorkerIndicator />);

    const indicator = screen.getByTestId("worker-indicator");
    await waitFor(() => expect(indicator).toHaveAttribute("data-state", "down"));
    expect(indicator.className).toContain("rose");
  });

  it("test_turns_amber_when_the_heartbeat_is_stale", async () => {
    const lastPollAt = new Date(Date.now() - 12 * 60_000).toISOString();
    api.on("GET", "/api/health", { body: health({ ...liveWorker, lastPollAt, stale: true }) });

    renderWithProviders(<WorkerIndicator />);

    const indicator = screen.getByTestId("worker-indicator");
    await waitFor(() => expect(indicator).toHaveAttribute("data-state", "stale"));
    expect(indicator).toHaveAttribute("title", "Worker stale · last poll 12 min ago");
    expect(indicator.className).toContain("amber");
  });
});
