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
  private readonly held = new Map<string, Promise<void>>();

  on(method: string, path: string, handler: Handler | Reply): this {
    this.routes.set(`${method} ${path}`, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  /** Keeps the answers to `METHOD path` back until the function returned is called. */
  hold(method: string, path: string): () => void {
    let release = () => {};
    this.held.set(`${method} ${path}`, new Promise((resolve) => (release = resolve)));
    return () => {
      this.held.delete(`${method} ${path}`);
      release();
    };
  }

  install(): this {
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => this.answer(input, init));
    return this;
  }

  // Like a real fetch, a failure (say, a body that is not JSON) rejects instead of throwing.
  private async answer(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href, "http://panel.test");
    const method = (init.method ?? "GET").toUpperCase();
    await this.held.get(`${method} ${url.pathname}`);
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
