import { useState, type FormEvent } from "react";

import { useSetAttributes } from "../../api/mutations/attributes";
import type { Attribute } from "../../api/types";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState, ErrorAlert, Spinner } from "../../components/Feedback";
import { TimeText } from "../../components/TimeText";
import { withoutTag, withTag } from "../../lib/attributes";
import { ScrollX } from "../../components/ScrollX";
import { clearedIfSent } from "../../lib/forms";

const CONFIDENCE_TONES = { low: "slate", medium: "amber", high: "emerald" } as const;
const EVIDENCE_WORDS = { snapshot: "from a snapshot", interaction: "from an interaction", manual: "" } as const;

/** Where a tag came from: the owner's own (no confidence to doubt), or an accepted suggestion. */
function TagSource({ attribute }: { attribute: Attribute }) {
  if (attribute.evidenceType === "manual") {
    return (
      <span data-testid="tag-source" data-source="owner" title="You added this tag: it is what you know">
        <Badge tone="indigo">yours</Badge>
      </span>
    );
  }
  return (
    <span
      data-testid="tag-source"
      data-source="analysis"
      className="inline-flex flex-wrap items-center gap-1.5 text-xs text-slate-400"
      title={`Accepted from the analysis, ${attribute.confidence} confidence`}
    >
      <Badge tone={CONFIDENCE_TONES[attribute.confidence]}>{attribute.confidence}</Badge>
      <span className="hidden sm:inline">{EVIDENCE_WORDS[attribute.evidenceType]}</span>
    </span>
  );
}

export function AttributesTab({ personId, attributes }: { personId: number; attributes: Attribute[] }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");

  const save = useSetAttributes(personId);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const cleanKey = key.trim();
    if (!cleanKey) return;
    // A tag the owner types is the owner's own knowledge: stored as sure, never "low".
    save.mutate(withTag(attributes, { key: cleanKey, value: value.trim(), confidence: "high", evidenceType: "manual", evidenceId: null }), {
      onSuccess: () => {
        setKey(clearedIfSent(key));
        setValue(clearedIfSent(value));
      },
    });
  };
  const replacing = attributes.some((item) => item.key === key.trim());
  const sorted = [...attributes].sort((a, b) => a.key.localeCompare(b.key));

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="order-2 lg:order-1">
        {sorted.length === 0 ? (
          <EmptyState title="No tags yet">Add key=value tags such as tipper=whale or timezone=CET.</EmptyState>
        ) : (
          <ScrollX label="Tags" className="card">
            <table data-testid="attribute-table" className="w-full text-sm">
              <thead>
                <tr className="table-head">
                  <th className="px-4 py-2.5">Key</th>
                  <th className="px-4 py-2.5">Value</th>
                  <th className="px-4 py-2.5">Source</th>
                  <th className="hidden px-4 py-2.5 md:table-cell">Updated</th>
                  <th className="px-4 py-2.5" aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {sorted.map((attribute) => (
                  <tr key={attribute.key} data-testid="attribute-row" data-key={attribute.key} className="table-row">
                    <td className="px-4 py-2.5 font-medium text-indigo-200">{attribute.key}</td>
                    <td className="px-4 py-2.5 break-all text-slate-100">{attribute.value || <span className="text-slate-500">(empty)</span>}</td>
                    <td className="px-4 py-2.5">
                      <TagSource attribute={attribute} />
                    </td>
                    <td className="hidden px-4 py-2.5 text-slate-400 md:table-cell">
                      <TimeText iso={attribute.updatedAt} />
                    </td>
                    <td className="px-4 py-2.5 text-right">
                      <button
                        type="button"
                        data-testid="tag-remove"
                        aria-label={`Remove ${attribute.key}`}
                        className="btn-ghost btn-sm text-rose-300 hover:text-rose-200"
                        disabled={save.isPending}
                        onClick={() => save.mutate(withoutTag(attributes, attribute.key))}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        {save.error ? (
          <div className="mt-3">
            <ErrorAlert error={save.error} />
          </div>
        ) : null}
      </div>
      <Card title="Add a tag" className="order-1 self-start lg:order-2">
        <form onSubmit={add} className="space-y-3">
          <div className="grid grid-cols-2 gap-2">
            <div>
              <label htmlFor="tag-key" className="label">
                Key
              </label>
              <input id="tag-key" data-testid="tag-key" className="input" placeholder="tipper" value={key} onChange={(event) => setKey(event.target.value)} autoComplete="off" />
            </div>
            <div>
              <label htmlFor="tag-value" className="label">
                Value
              </label>
              <input id="tag-value" data-testid="tag-value" className="input" placeholder="whale" value={value} onChange={(event) => setValue(event.target.value)} autoComplete="off" />
            </div>
          </div>
          <button type="submit" data-testid="tag-add" className="btn-primary w-full" disabled={!key.trim() || save.isPending}>
            {save.isPending ? <Spinner /> : null}
            {replacing ? "Replace tag" : "Add tag"}
          </button>
          {replacing ? <p className="text-xs text-amber-300">A tag with this key exists: its value will be replaced.</p> : null}
        </form>
      </Card>
    </div>
  );
}
