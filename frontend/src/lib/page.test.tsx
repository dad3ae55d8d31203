import { render, screen } from "@testing-library/react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { ErrorBoundary } from "../components/ErrorBoundary";
import { page } from "./page";

function Frame() {
  return (
    <>
      <nav>the frame</nav>
      <ErrorBoundary>
        <Outlet />
      </ErrorBoundary>
    </>
  );
}

function renderAt(route: ReturnType<typeof page>) {
  const router = createMemoryRouter([{ element: <Frame />, children: [{ path: "/", ...route }] }]);
  render(<RouterProvider router={router} />);
}

describe("page", () => {
  it("shows the export the router loaded", async () => {
    renderAt(page(() => Promise.resolve({ HudsonPage: () => <h1>Hudson</h1> }), "HudsonPage"));

    expect(await screen.findByRole("heading", { name: "Hudson" })).toBeInTheDocument();
  });

  it("shows a file that cannot be loaded as the page's error, inside the frame", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const load = () => Promise.reject(new Error("Failed to fetch dynamically imported module"));

    renderAt(page<"HudsonPage">(load, "HudsonPage"));

    expect(await screen.findByTestId("error-boundary")).toHaveTextContent("Failed to fetch");
    expect(screen.getByText("the frame")).toBeInTheDocument();
  });
});
