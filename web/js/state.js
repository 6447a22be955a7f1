// What the whole page shares: the signed-in user and the server's health answer (its
// business date is the default for dates and years on screen).

export const state = {
  me: null, // GET /api/v1/me
  office: null, // the user's office, for the header
  health: null, // GET /api/v1/health
};

// The business date (ISO) and its year; the clock only when the server is unreachable.
export function businessDate() {
  return state.health?.business_date || new Date().toISOString().slice(0, 10);
}
export const businessYear = () => Number(businessDate().slice(0, 4));

// Which screens and buttons to offer. Only a convenience: the server decides every
// request in bank/access.c, and its 403 is shown when it refuses (docs/access.md).
const WRITERS = new Set(["admin", "director", "credit_officer"]);
export const can = {
  writeHousehold: () => WRITERS.has(state.me?.role),
  importPoverty: () => WRITERS.has(state.me?.role),
  listUsers: () => ["admin", "auditor"].includes(state.me?.role),
  manageUsers: () => state.me?.role === "admin",
};
