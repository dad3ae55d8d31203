import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new Error("metrics were not an object");
}

describe("ErrorBoundary", () => {
  it("test_shows_message_instead_of_blank_page_when_a_page_throws", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );

    expect(screen.getByTestId("error-boundary")).toHaveTextContent("metrics were not an object");
  });
});
