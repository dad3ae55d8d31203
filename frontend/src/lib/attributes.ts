import type { Attribute, AttributeInput } from "../api/types";

/** `items` with `item` in place of the one of the same key (keys are unique), `item` last. */
export function withKey<T extends { key: string }>(items: readonly T[], item: T): T[] {
  return [...items.filter((other) => other.key !== item.key), item];
}

/** The tag as PUT /attributes takes it back: what was stored, without its timestamp. */
export function toInput(attribute: Attribute): AttributeInput {
  return {
    key: attribute.key,
    value: attribute.value,
    confidence: attribute.confidence,
    evidenceType: attribute.evidenceType,
    evidenceId: attribute.evidenceId,
  };
}

/** The stored set after adding (or replacing, keys are unique) one tag. */
export function withTag(attributes: Attribute[], tag: AttributeInput): AttributeInput[] {
  return withKey(attributes.map(toInput), tag);
}

export function withoutTag(attributes: Attribute[], key: string): AttributeInput[] {
  return attributes.filter((item) => item.key !== key).map(toInput);
}
