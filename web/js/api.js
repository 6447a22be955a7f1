// The JSON API under api/v1/. Sign-in sets two cookies: td_session (HttpOnly, the browser
// sends it by itself) and td_csrf, which every write sends back as X-CSRF-Token
// (docs/access.md). Errors are problem+json; they come back as ApiError with the server's
// "detail", which names the problem precisely.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || "";
    this.detail = problem.detail || "";
    this.code = problem.code || "";
  }
}

let csrfToken = "";
const listeners = new Set();

// Called with the ApiError whenever a request answers 401 (the session ended).
export function onUnauthenticated(fn) {
  listeners.add(fn);
}

export function setCsrf(token) {
  csrfToken = token || "";
}

function csrf() {
  const m = /(?:^|;\s*)td_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : csrfToken;
}

// "households", {q: "nguyen", limit: 20} -> "api/v1/households?q=nguyen&limit=20"; empty
// values are left out.
export function url(path, query) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {}))
    if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const s = qs.toString();
  return `api/v1/${path}${s ? "?" + s : ""}`;
}

async function request(method, path, { query, body, quiet401 } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrf();
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(url(path, query), init);
  } catch (e) {
    throw new ApiError(0, {
      title: "Không kết nối được máy chủ",
      detail: `Không kết nối được máy chủ (${e.message}). Kiểm tra mạng rồi thử lại.`,
    });
  }
  if (r.status === 204) return null;
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text.slice(0, 300) };
  }
  if (!r.ok) {
    const err = new ApiError(r.status, data || {});
    if (r.status === 401 && !quiet401) for (const fn of listeners) fn(err);
    throw err;
  }
  return data;
}

export const api = {
  get: (path, query, opts) => request("GET", path, { ...opts, query }),
  post: (path, body, opts) => request("POST", path, { ...opts, body }),
  put: (path, body, opts) => request("PUT", path, { ...opts, body }),
};

// Every item of a paged list, page by page (for small lists: offices, chapters, villages).
export async function all(path, query, max = 5000) {
  const items = [];
  for (let offset = 0; offset < max; ) {
    const page = await api.get(path, { ...query, limit: 500, offset });
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return items;
}
