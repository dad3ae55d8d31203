import { useQuery } from "@tanstack/react-query";

import { meQuery } from "../../api/queries";
import { ApiKeysCard } from "./account/ApiKeysCard";
import { PasswordCard } from "./account/PasswordCard";
import { SessionsCard } from "./account/SessionsCard";
import { TotpCard } from "./account/TotpCard";

/** The owner's account: the password, API keys, the second factor and the open sessions. */
export function AccountSection() {
  const me = useQuery(meQuery());
  return (
    <section data-testid="account-section" className="space-y-4" aria-labelledby="account-heading">
      <h2 id="account-heading" className="text-lg font-semibold text-white">
        Account
      </h2>
      <PasswordCard fromEnvironment={me.data?.passwordFromEnvironment ?? false} />
      <TotpCard />
      <ApiKeysCard />
      <SessionsCard />
    </section>
  );
}
