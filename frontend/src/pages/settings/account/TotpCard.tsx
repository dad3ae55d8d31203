import { useQuery } from "@tanstack/react-query";
import { QRCodeSVG } from "qrcode.react";
import { useState, type FormEvent } from "react";

import { getTotp } from "../../../api/endpoints";
import { keys } from "../../../api/keys";
import { useDisableTotp, useEnableTotp, useSetupTotp } from "../../../api/mutations/account";
import type { TotpSetup } from "../../../api/types";
import { Card } from "../../../components/Card";
import { ErrorAlert, QueryState, Spinner } from "../../../components/Feedback";
import { ConfirmWithPassword } from "./PasswordField";

/** The second factor: set up by scanning a QR code (drawn here, in the browser) and confirming a
 * code, with one-time recovery codes shown once; turned off with the password. */
export function TotpCard() {
  const status = useQuery({ queryKey: keys.totp, queryFn: getTotp });
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  return (
    <Card title="Two-step login (TOTP)" testId="totp-card">
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : (
        <QueryState query={status}>
          {(totp) =>
            totp.totpEnabled ? (
              <TotpEnabled codesLeft={totp.recoveryCodesLeft} />
            ) : (
              <TotpSetupFlow onEnabled={setRecoveryCodes} />
            )
          }
        </QueryState>
      )}
    </Card>
  );
}

function TotpSetupFlow({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const setup = useSetupTotp();
  const [pending, setPending] = useState<TotpSetup | null>(null);
  if (pending === null) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-400">
          Off. With it on, logging in also asks for the 6-digit code of an authenticator app on your phone.
        </p>
        <ConfirmWithPassword
          label="Set up"
          testId="totp-setup"
          pending={setup.isPending}
          onConfirm={(password) => setup.mutate(password, { onSuccess: setPending })}
        />
        {setup.isError ? <ErrorAlert error={setup.error} /> : null}
      </div>
    );
  }
  return <TotpConfirm setup={pending} onEnabled={onEnabled} />;
}

function TotpConfirm({ setup, onEnabled }: { setup: TotpSetup; onEnabled: (codes: string[]) => void }) {
  const enable = useEnableTotp();
  const [code, setCode] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    enable.mutate(code.trim(), { onSuccess: (done) => onEnabled(done.recoveryCodes) });
  };
  return (
    <div className="flex flex-col gap-4 sm:flex-row" data-testid="totp-confirm">
      <div className="self-start rounded-lg bg-white p-3">
        <QRCodeSVG value={setup.uri} size={176} level="M" title="QR code for your authenticator app" data-testid="totp-qr" />
      </div>
      <form onSubmit={submit} className="min-w-0 flex-1 space-y-3">
        <p className="text-sm text-slate-300">
          Scan the code with your authenticator app, or type this key into it:
        </p>
        <code data-testid="totp-secret" className="block font-mono text-sm break-all text-white select-all">
          {setup.secret}
        </code>
        <div>
          <label htmlFor="totp-code" className="label">
            The 6-digit code it shows now
          </label>
          <input
            id="totp-code"
            data-testid="totp-code"
            className="input max-w-40 tracking-[0.3em] tabular-nums"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onChange={(event) => setCode(event.target.value.replace(/[^0-9]/g, ""))}
          />
        </div>
        <button type="submit" data-testid="totp-enable" className="btn-primary" disabled={enable.isPending || code.length !== 6}>
          {enable.isPending ? <Spinner /> : null}
          Turn on
        </button>
        {enable.isError ? <ErrorAlert error={enable.error} /> : null}
      </form>
    </div>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div data-testid="totp-recovery-codes" className="space-y-3">
      <p className="text-sm text-emerald-200">
        Two-step login is on. Keep these recovery codes somewhere safe: each logs you in once if the phone is lost.
        They will not be shown again.
      </p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm text-white sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code} className="rounded bg-slate-950/60 px-2 py-1 text-center select-all">
            {code}
          </li>
        ))}
      </ul>
      <button type="button" className="btn-secondary btn-sm" onClick={onDone}>
        I have saved them
      </button>
    </div>
  );
}

function TotpEnabled({ codesLeft }: { codesLeft: number }) {
  const disable = useDisableTotp();
  return (
    <div className="space-y-3" data-testid="totp-enabled">
      <p className="text-sm text-slate-300">
        On. {codesLeft} recovery code{codesLeft === 1 ? "" : "s"} left.
      </p>
      <ConfirmWithPassword
        label="Turn off"
        danger
        testId="totp-disable"
        pending={disable.isPending}
        onConfirm={(password) => disable.mutate(password)}
      />
      {disable.isError ? <ErrorAlert error={disable.error} /> : null}
    </div>
  );
}
