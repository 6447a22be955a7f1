// The single-page shell: hash routes (#/households/12), the header with who is signed in,
// the menu, and the status line in the footer (the server's health answer).
import { api, onUnauthenticated, setCsrf } from "./js/api.js";
import { h, okBox, problemBox, replace } from "./js/dom.js";
import { roleName, vnDate } from "./js/fmt.js";
import { can, state } from "./js/state.js";
import { loginView } from "./js/screens/login.js";
import { passwordView } from "./js/screens/password.js";
import { householdsView } from "./js/screens/households.js";
import { householdView } from "./js/screens/household.js";
import { householdFormView } from "./js/screens/household_form.js";
import { povertyView } from "./js/screens/poverty.js";
import { networkView } from "./js/screens/network.js";
import { groupsView, groupView } from "./js/screens/groups.js";
import { usersView, userFormView } from "./js/screens/users.js";
import { aboutView } from "./js/screens/about.js";

const main = document.getElementById("main");

// [pattern, view, menu entry]; views get {el, params, query, go, flash}.
const routes = [
  [/^\/households$/, householdsView],
  [/^\/households\/new$/, householdFormView],
  [/^\/households\/(\d+)$/, householdView],
  [/^\/households\/(\d+)\/edit$/, householdFormView],
  [/^\/poverty-import$/, povertyView],
  [/^\/network$/, networkView],
  [/^\/groups$/, groupsView],
  [/^\/groups\/(\d+)$/, groupView],
  [/^\/users$/, usersView],
  [/^\/users\/new$/, userFormView],
  [/^\/password$/, passwordView],
  [/^\/about$/, aboutView],
];

const menu = [
  ["#/households", "Hộ gia đình", () => true],
  ["#/poverty-import", "Nhập danh sách hộ nghèo", can.importPoverty],
  ["#/network", "Mạng lưới", () => true],
  ["#/groups", "Tổ TK&VV", () => true],
  ["#/users", "Người dùng", can.listUsers],
  ["#/about", "Hệ thống", () => true],
];

// A message for the next page shown (a node: okBox or problemBox).
let pendingFlash = null;

// go("/households", {q: "nguyen"}, "Đã lưu."): a new history entry; the hashchange renders
// it, with the message on top.
function go(path, query, flash) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
  const hash = "#" + path + (qs.toString() ? "?" + qs : "");
  pendingFlash = typeof flash === "string" ? okBox(flash) : flash || null;
  if (location.hash === hash) render();
  else location.hash = hash;
}

function parseHash() {
  const raw = location.hash.startsWith("#/") ? location.hash.slice(1) : "/";
  const [path, qs] = raw.split("?");
  return { path: decodeURIComponent(path), query: new URLSearchParams(qs || "") };
}

let renderSeq = 0;
async function render() {
  const seq = ++renderSeq;
  const { path, query } = parseHash();
  const el = h("div", { class: "view" });
  const flash = pendingFlash;
  pendingFlash = null;
  if (!state.me) {
    showShell(false);
    replace(main, flash, el);
    await loginView({ el, next: path === "/login" ? "/" : path + (query.toString() ? "?" + query : ""), signedIn });
    return;
  }
  showShell(true);
  const target = path === "/" || path === "/login" ? "/households" : path;
  const route = routes.find(([re]) => re.test(target));
  markMenu(target);
  replace(main, flash, el);
  if (!route) {
    replace(el, h("h2", { tabindex: "-1" }, "Không có trang này"), h("p", {}, `Địa chỉ #${target} không có trong phần mềm.`));
  } else {
    try {
      await route[1]({ el, params: route[0].exec(target).slice(1), query, go });
    } catch (e) {
      el.append(problemBox(e));
    }
  }
  if (seq !== renderSeq) return;
  const heading = el.querySelector("h2");
  document.title = (heading ? heading.textContent + " — " : "") + "tindung";
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus(); // a screen reader announces the new page
  }
}

function showShell(signed) {
  document.getElementById("nav").hidden = !signed;
  document.getElementById("who").hidden = !signed;
}

function markMenu(path) {
  for (const a of document.querySelectorAll("#nav a")) {
    const on = path === a.getAttribute("href").slice(1) || path.startsWith(a.getAttribute("href").slice(1) + "/");
    if (on) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function buildMenu() {
  replace(
    document.querySelector("#nav ul"),
    menu.filter(([, , show]) => show()).map(([href, text]) => h("li", {}, h("a", { href }, text))),
  );
}

function buildWho() {
  const me = state.me;
  const office = state.office ? `${state.office.name} (${me.office_code})` : me.office_code;
  replace(
    document.getElementById("who"),
    h(
      "p",
      { class: "who-text" },
      h("span", { class: "who-name", id: "who-name" }, me.full_name),
      h("span", { id: "who-role" }, roleName(me.role)),
      h("span", { id: "who-office" }, office),
    ),
    h(
      "p",
      { class: "who-actions" },
      h("a", { href: "#/password", class: "btn btn-light" }, "Đổi mật khẩu"),
      h("button", { type: "button", class: "btn btn-light", id: "logout", onclick: logout }, "Đăng xuất"),
    ),
  );
}

// After a sign-in (or a reload with a live session): the header, the menu, then the page.
async function signedIn(me, csrf, next) {
  state.me = me;
  if (csrf) setCsrf(csrf);
  state.office = null;
  buildWho();
  buildMenu();
  api
    .get(`offices/${me.office_id}`)
    .then((o) => {
      state.office = o;
      buildWho();
    })
    .catch(() => {}); // the code alone is shown
  if (next !== undefined) go(next.split("?")[0] || "/", Object.fromEntries(new URLSearchParams(next.split("?")[1] || "")));
  else render();
}

async function logout() {
  try {
    await api.post("logout");
  } catch {
    // the session is gone either way; the server clears the cookies when it can
  }
  state.me = null;
  setCsrf("");
  go("/login", {}, "Đã đăng xuất.");
}

// A request answered 401: the session ended (expired, or signed out elsewhere). The
// sign-in form comes back and returns to this page afterwards.
onUnauthenticated(() => {
  if (!state.me) return;
  state.me = null;
  pendingFlash = problemBox({ detail: "Phiên làm việc đã kết thúc. Hãy đăng nhập lại." }, "Cần đăng nhập lại:");
  render();
});

async function loadHealth() {
  const line = document.getElementById("status-line");
  try {
    const hl = await api.get("health");
    state.health = hl;
    line.textContent =
      `bình thường · phiên bản ${hl.version} · ${hl.backend === "sqlite" ? "SQLite (nhúng)" : "PostgreSQL"} · ` +
      `lược đồ ${hl.schema_version} · ngày làm việc ${vnDate(hl.business_date)}`;
    line.className = "ok";
  } catch (e) {
    line.textContent = "không kết nối được máy chủ: " + e.message;
    line.className = "bad";
  }
}

document.getElementById("skip").addEventListener("click", (ev) => {
  ev.preventDefault();
  main.focus();
});
window.addEventListener("hashchange", () => {
  if (location.hash.startsWith("#/") || location.hash === "") render();
});

async function boot() {
  await loadHealth();
  try {
    const me = await api.get("me", null, { quiet401: true });
    await signedIn(me, "");
  } catch {
    render(); // not signed in: the sign-in form
  }
}
boot();
