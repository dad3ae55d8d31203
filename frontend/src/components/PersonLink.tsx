import { Link } from "react-router";

export function PersonLink({ id, username }: { id: number; username: string }) {
  return (
    <Link to={`/person/${id}`} className="link font-medium" data-testid="person-link">
      {username}
    </Link>
  );
}
