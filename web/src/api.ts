// The single way the UI talks to the forgedesk server (docs/API.md): JSON over
// fetch with the session cookie, the session's CSRF token on every
// state-changing request, If-Match for versioned writes, and problem+json
// error answers turned into ApiError.

const API_ROOT = '/api/v1';

export interface FieldError {
  field: string;
  message: string;
}

/** An error answer from the server (or no answer at all: status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds from a Retry-After header (429 throttling), when given. */
  readonly retryAfterSeconds: number | null;
  /** A refused complaint step (409): what must be recorded first. */
  readonly missing: string[];
  /** A complaint step out of order (409): the steps that may come next. */
  readonly expected: string[];

  constructor(
    status: number,
    detail: string,
    errors: FieldError[] = [],
    retryAfterSeconds: number | null = null,
    refusal: { missing?: string[]; expected?: string[] } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
    this.missing = refusal.missing ?? [];
    this.expected = refusal.expected ?? [];
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type Query = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  /** Query parameters; empty, null and undefined values are left out. */
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead, with its Content-Type (an uploaded file's text). */
  text?: { content: string; type: string };
  /** The version of the record being changed: its ETag is `"<version>"`, sent back as If-Match. */
  ifMatch?: number;
}

let csrfToken: string | null = null;
let unauthorizedListener: (() => void) | null = null;

/** Remembers the session's CSRF token (null when signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the server answers 401, e.g. when the session has expired. */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.text !== undefined) headers['Content-Type'] = options.text.type;
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;

  let response: Response;
  try {
    response = await fetch(urlFor(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.text?.content ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }

  if (!response.ok) {
    if (response.status === 401) unauthorizedListener?.();
    throw await errorFrom(response);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function urlFor(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${API_ROOT}${path}${search ? `?${search}` : ''}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const problem = await readProblem(response);
  const detail = stringOr(problem.detail, stringOr(problem.title, `The server answered ${response.status} ${response.statusText}`.trim()));
  const errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(response.status, detail, errors, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null, {
    missing: stringsOf(problem.missing),
    expected: stringsOf(problem.expected),
  });
}

async function readProblem(response: Response): Promise<Record<string, unknown>> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return {};
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { field, message } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof message === 'string';
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
