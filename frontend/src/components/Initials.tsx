/** A person's first two letters on the app's gradient, standing in for a picture; sized by the caller. */
export function Initials({ username, className }: { username: string; className: string }) {
  return (
    <div
      className={`flex shrink-0 items-center justify-center bg-gradient-to-br from-indigo-500 to-violet-600 font-bold text-white uppercase ${className}`}
    >
      {username.slice(0, 2)}
    </div>
  );
}
