import type { ClientProblem, Problem } from "./types";

/** A failed API call, carrying the server's RFC 9457 problem (or one made up for it). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ClientProblem;

  constructor(problem: ClientProblem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Login answers 401 for a wrong password: that must not bounce the user to /login. */
  skipAuthRedirect?: boolean;
  /** The media type asked for when the answer is text, not JSON (it is returned as it came). */
  text?: string;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const WRITE_METHODS: ReadonlySet<Method> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// The token lives in memory only: the session cookie is HttpOnly and the token is
// re-read from GET /api/auth/me after a reload.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** The login page, asked to come back to `next` (a path with its search) after signing in. */
export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

function defaultUnauthorizedHandler(): void {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname !== "/login") {
    window.location.assign(loginPath(here));
  }
}

let unauthorizedHandler: () => void = defaultUnauthorizedHandler;

/** Replace what happens on a 401 (the app routes to /login without a full reload). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler ?? defaultUnauthorizedHandler;
}

/** Build `?a=1&type=TIP&type=FOLLOW`, skipping empty values and repeating array keys. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values as QueryValue[]) {
      if (value === undefined || value === null || value === "") continue;
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function isProblemLike(value: unknown): value is Partial<Problem> {
  return typeof value === "object" && value !== null && ("title" in value || "detail" in value);
}

/** Turn any failed response into a Problem, whatever its body looks like. */
export async function parseProblem(response: Response): Promise<ClientProblem> {
  const fallbackTitle = response.statusText || `Request failed with status ${response.status}`;
  let text: string;
  try {
    text = await response.text();
  } catch {
    text = "";
  }
  if (text) {
    try {
      const body: unknown = JSON.parse(text);
      if (isProblemLike(body)) {
        const problem: ClientProblem = {
          title: typeof body.title === "string" && body.title ? body.title : fallbackTitle,
          status: typeof body.status === "number" ? body.status : response.status,
        };
        if (typeof body.type === "string") problem.type = body.type;
        if (typeof body.detail === "string") problem.detail = body.detail;
        if (Array.isArray(body.errors)) problem.errors = body.errors;
        return problem;
      }
    } catch {
      // Not JSON (a proxy's HTML error page, say): show a trimmed excerpt below.
    }
  }
  const problem: ClientProblem = { title: fallbackTitle, status: response.status };
  const excerpt = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
  if (excerpt) problem.detail = excerpt;
  return problem;
}

/** Call the API: JSON in and out, CSRF header on writes, 401 sends the user to /login. */
export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: options.text ?? "application/json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  if (WRITE_METHODS.has(method) && csrfToken) {
    headers["X-CSRF-Token"] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(path + buildQuery(options.query), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({
      title: "Network error",
      status: 0,
      detail: "The server could not be reached. Check that it is running and try again.",
    });
  }

  if (!response.ok) {
    const problem = await parseProblem(response);
    if (response.status === 401 && !options.skipAuthRedirect) {
      csrfToken = null;
      unauthorizedHandler();
    }
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (options.text) return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The error in one line, for a place with no room for a title and a detail. */
export function errorLine(error: unknown): string {
  const { title, detail } = describeError(error);
  return detail ?? title;
}

/** A short human message for any error thrown while talking to the API. */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (error instanceof ApiError) {
    const detail =
      error.problem.detail ??
      error.problem.errors?.map((item) => `${item.field}: ${item.message}`).join("; ");
    return detail ? { title: error.problem.title, detail } : { title: error.problem.title };
  }
  if (error instanceof Error) return { title: "Unexpected error", detail: error.message };
  return { title: "Unexpected error" };
}
