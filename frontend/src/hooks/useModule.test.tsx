import { render, renderHook, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ErrorBoundary } from "../components/ErrorBoundary";
import { preloadModule, useModule } from "./useModule";

describe("useModule", () => {
  it("gives nothing until the module arrives, then the module, and at once on the next mount", async () => {
    const module = { answer: 42 };
    const load = vi.fn(() => Promise.resolve(module));

    const first = renderHook(() => useModule(load));
    expect(first.result.current).toBeUndefined();
    await waitFor(() => expect(first.result.current).toBe(module));
    first.unmount();

    const second = renderHook(() => useModule(load));
    expect(second.result.current).toBe(module);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("throws a module that fails to load to the error boundary", async () => {
    const load = () => Promise.reject(new Error("the chart's file is gone"));
    function Chart() {
      return useModule(load) ? <p>chart</p> : <p>loading</p>;
    }
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    render(
      <ErrorBoundary>
        <Chart />
      </ErrorBoundary>,
    );

    expect(screen.getByText("loading")).toBeInTheDocument();
    expect(await screen.findByTestId("error-boundary")).toHaveTextContent("the chart's file is gone");
  });

  it("gives a module preloaded before the first mount at once", async () => {
    const module = { answer: 7 };
    const load = vi.fn(() => Promise.resolve(module));

    preloadModule(load);
    await Promise.resolve();

    expect(renderHook(() => useModule(load)).result.current).toBe(module);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
