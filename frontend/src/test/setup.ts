import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// How long `findBy…` and `waitFor` wait for what a test expects before failing: a ceiling, not a
// delay (a test ends as soon as the page shows it). Testing Library's second is not enough when
// the tests run at the lowest priority beside the Python tests (`make test`).
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => {
  cleanup();
});
