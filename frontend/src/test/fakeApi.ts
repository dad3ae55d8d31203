import { vi } from "vitest";

export interface RecordedRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Reply = { status?: number; body?: unknown; contentType?: string };
type Handler = (request: RecordedRequest) => Reply;

/**
 * An in-memory stand-in for the backend: routes `METHOD /path` to handlers that answer
 * with real `Response` objects and remembers every request it saw.
 */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();

  on(method: string, path: string, handler: Handler | Reply): this {
    this.routes.set(`${method} ${path}`, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  install(): this {
    // Like a real fetch, a failure (say, a body that is not JSON) rejects instead of throwing.
    vi.stubGlobal(
      "fetch",
      (input: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((resolve) => resolve(this.answer(input, init))),
    );
    return this;
  }

  private answer(input: RequestInfo | URL, init: RequestInit = {}): Response {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href, "http://panel.test");
    const method = (init.method ?? "GET").toUpperCase();
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      search: url.searchParams,
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(request);
    const handler = this.routes.get(`${method} ${url.pathname}`);
    if (!handler) {
      return problem(404, "Not Found", `No fake route for ${method} ${url.pathname}`);
    }
    const reply = handler(request);
    const status = reply.status ?? 200;
    if (status === 204) return new Response(null, { status });
    const contentType = reply.contentType ?? (status >= 400 ? "application/problem+json" : "application/json");
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? null);
    return new Response(text, { status, headers: { "Content-Type": contentType } });
  }

  last(method: string, path: string): RecordedRequest | undefined {
    return [...this.requests].reverse().find((item) => item.method === method && item.path === path);
  }
}

export function problem(status: number, title: string, detail?: string): Response {
  return new Response(JSON.stringify({ type: "about:blank", title, status, detail }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}
