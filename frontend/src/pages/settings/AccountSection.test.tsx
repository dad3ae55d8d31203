import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { FakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { describeBrowser } from "./account/SessionsCard";
import { AccountSection } from "./AccountSection";

let api: FakeApi;

const KEY = {
  id: 3,
  name: "nightly export",
  prefix: "mhc_abcdef",
  createdAt: "2026-03-01T20:00:00Z",
  lastUsedAt: "2026-03-02T08:00:00Z",
  revokedAt: null,
};

beforeEach(() => {
  api = new FakeApi()
    .on("GET", "/api/auth/me", {
      body: { authenticated: true, csrfToken: "t", totpEnabled: false, passwordFromEnvironment: false },
    })
    .on("GET", "/api/auth/keys", { body: [KEY] })
    .on("GET", "/api/auth/totp", { body: { totpEnabled: false, recoveryCodesLeft: 0 } })
    .on("GET", "/api/auth/sessions", {
      body: [
        {
          id: 1,
          client: "192.0.2.5",
          userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1",
          createdAt: "2026-03-01T20:00:00Z",
          lastSeenAt: "2026-03-02T09:00:00Z",
          expiresAt: "2026-03-08T20:00:00Z",
          current: true,
        },
      ],
    })
    .install();
});

describe("AccountSection", () => {
  it("test_lists_keys_with_last_use_and_sessions_with_their_address", async () => {
    renderWithProviders(<AccountSection />);

    const row = await screen.findByTestId("api-key-row");
    expect(row).toHaveTextContent("nightly export");
    expect(row).toHaveTextContent("last used");
    const session = await screen.findByTestId("session-row");
    expect(session).toHaveTextContent("Safari on iOS");
    expect(session).toHaveTextContent("192.0.2.5");
    expect(session).toHaveTextContent("this browser");
  });

  it("test_creates_a_key_with_the_password_and_shows_it_once", async () => {
    api.on("POST", "/api/auth/keys", {
      status: 201,
      body: { id: 4, name: "backup", prefix: "mhc_zzzzzz", createdAt: "2026-03-02T10:00:00Z", key: "mhc_secret" },
    });
    renderWithProviders(<AccountSection />);

    await userEvent.type(await screen.findByTestId("api-key-name"), "backup");
    await userEvent.type(screen.getByTestId("api-key-create-password"), "velvet-curtain-42");
    await userEvent.click(screen.getByTestId("api-key-create-submit"));

    expect(await screen.findByTestId("api-key-secret")).toHaveTextContent("mhc_secret");
    expect(api.last("POST", "/api/auth/keys")?.body).toEqual({ name: "backup", password: "velvet-curtain-42" });
  });

  it("test_shows_the_key_when_a_second_try_has_the_right_password", async () => {
    let tries = 0;
    api.on("POST", "/api/auth/keys", () => {
      tries += 1;
      return tries === 1
        ? { status: 403, body: { title: "Forbidden", status: 403, detail: "the password is wrong" } }
        : {
            status: 201,
            body: { id: 4, name: "backup", prefix: "mhc_zzzzzz", createdAt: "2026-03-02T10:00:00Z", key: "mhc_secret" },
          };
    });
    renderWithProviders(<AccountSection />);

    await userEvent.type(await screen.findByTestId("api-key-name"), "backup");
    await userEvent.type(screen.getByTestId("api-key-create-password"), "guess");
    await userEvent.click(screen.getByTestId("api-key-create-submit"));
    await screen.findByTestId("api-key-create-error");
    await userEvent.clear(screen.getByTestId("api-key-create-password"));
    await userEvent.type(screen.getByTestId("api-key-create-password"), "velvet-curtain-42");
    await userEvent.click(screen.getByTestId("api-key-create-submit"));

    expect(await screen.findByTestId("api-key-secret")).toHaveTextContent("mhc_secret");
  });

  it("test_says_the_password_is_wrong_without_logging_out", async () => {
    api.on("POST", "/api/auth/keys", {
      status: 403,
      body: { title: "Forbidden", status: 403, detail: "the password is wrong", errors: [{ field: "password", message: "the password is wrong" }] },
    });
    renderWithProviders(<AccountSection />);

    await userEvent.type(await screen.findByTestId("api-key-name"), "backup");
    await userEvent.type(screen.getByTestId("api-key-create-password"), "guess");
    await userEvent.click(screen.getByTestId("api-key-create-submit"));

    expect(await screen.findByTestId("api-key-create-error")).toHaveTextContent("the password is wrong");
  });

  it("test_sets_up_totp_with_a_qr_code_and_shows_recovery_codes_once", async () => {
    api
      .on("POST", "/api/auth/totp/setup", {
        body: { secret: "JBSWY3DPEHPK3PXP", uri: "otpauth://totp/MHC:owner?secret=JBSWY3DPEHPK3PXP" },
      })
      .on("POST", "/api/auth/totp/enable", {
        body: { totpEnabled: true, recoveryCodes: ["abcde-fghjk", "mnpqr-stuvw"] },
      });
    renderWithProviders(<AccountSection />);

    await userEvent.type(await screen.findByTestId("totp-setup-password"), "velvet-curtain-42");
    await userEvent.click(screen.getByTestId("totp-setup-submit"));
    const confirm = await screen.findByTestId("totp-confirm");
    expect(within(confirm).getByTitle("QR code for your authenticator app")).toBeInTheDocument();
    expect(screen.getByTestId("totp-secret")).toHaveTextContent("JBSWY3DPEHPK3PXP");
    await userEvent.type(screen.getByTestId("totp-code"), "123456");
    await userEvent.click(screen.getByTestId("totp-enable"));

    const codes = await screen.findByTestId("totp-recovery-codes");
    expect(codes).toHaveTextContent("abcde-fghjk");
    expect(api.last("POST", "/api/auth/totp/setup")?.body).toEqual({ password: "velvet-curtain-42" });
  });

  it("test_says_the_environment_sets_the_password_when_it_does", async () => {
    api.on("GET", "/api/auth/me", {
      body: { authenticated: true, csrfToken: "t", totpEnabled: false, passwordFromEnvironment: true },
    });
    renderWithProviders(<AccountSection />);

    expect(await screen.findByTestId("password-from-environment")).toHaveTextContent("MHC_ADMIN_PASSWORD");
  });

  it("test_names_browsers_in_a_few_words", () => {
    expect(describeBrowser("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(describeBrowser("python-httpx/0.27")).toBe("Script");
    expect(describeBrowser(null)).toBe("Unknown browser");
  });
});
