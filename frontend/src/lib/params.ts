/** A positive whole number from the address bar (an id, an offset), or null for anything else. */
export function positiveInt(value: string | null | undefined): number | null {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : null;
}
