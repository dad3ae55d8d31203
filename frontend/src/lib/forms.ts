/**
 * A form field's update once what was sent from it is saved: emptied, unless the owner typed
 * something else meanwhile (a save settles only once the pages it changed are read again, and
 * during a show the next name or note is often on its way by then).
 */
export function clearedIfSent(sent: string): (current: string) => string {
  return (current) => (current.trim() === sent.trim() ? "" : current);
}
