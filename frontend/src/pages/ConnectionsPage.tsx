import { PageHeader } from "../components/Card";
import { QueryState } from "../components/Feedback";
import { useConnections } from "../hooks/useConnections";
import { ConnectionCard } from "./connections/ConnectionCard";

/** The services the panel talks to: set, test and remove their tokens. */
export function ConnectionsPage() {
  const connections = useConnections(15_000);
  return (
    <div data-testid="connections-page" className="space-y-5">
      <PageHeader
        title="Connections"
        subtitle="The tokens the panel uses to reach Chaturbate, Statbate and Pushover. They are stored encrypted and never shown again: only their last four characters. A value set in the server's environment wins over the one set here."
      />
      <QueryState query={connections} loadingLabel="Loading connections…">
        {(list) => (
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            {list.items.map((connection) => (
              <ConnectionCard key={connection.name} connection={connection} />
            ))}
          </div>
        )}
      </QueryState>
    </div>
  );
}
