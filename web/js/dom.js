// Small helpers to build the page. Text always goes in as text nodes (never as HTML), so a
// name typed by a person cannot inject markup.
import { fmtInt } from "./fmt.js";

// h("a", {href: "#/x", class: "btn"}, "text", child...). Attributes starting with "on" are
// listeners; true/false set or drop a boolean attribute; null/undefined are skipped.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "value") el.value = v;
    else if (k === "checked") el.checked = !!v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
export const newId = (p) => `${p}-${++uid}`;

// A labelled form field: the label, the control, and a hint under it.
export function field(labelText, control, hint) {
  if (!control.id) control.id = newId("f");
  const hintEl = hint ? h("p", { class: "hint", id: control.id + "-hint" }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, labelText), control, hintEl);
}

// An error from the API as an alert: the title, then each problem of "detail" (the server
// joins several with "; ") as a list item.
export function problemBox(err, lead) {
  const detail = (err && (err.detail || err.message)) || String(err);
  // A 400 (and a check made here, without a status) lists every problem of the input; in
  // other answers a "; " is part of one sentence.
  const listed = !err || err.status === undefined || err.status === 400;
  const parts = listed ? detail.split(/;\s+/).filter(Boolean) : [detail];
  return h(
    "div",
    { class: "alert bad", role: "alert" },
    h("p", { class: "alert-title" }, lead || errorTitle(err)),
    parts.length > 1 ? h("ul", {}, parts.map((p) => h("li", {}, p))) : h("p", {}, detail),
  );
}

function errorTitle(err) {
  switch (err && err.status) {
    case 400:
      return "Dữ liệu chưa đúng:";
    case 401:
      return "Chưa đăng nhập hoặc phiên đã hết:";
    case 403:
      return "Không có quyền thực hiện:";
    case 404:
      return "Không tìm thấy:";
    case 409:
      return "Trùng hoặc mâu thuẫn với dữ liệu đã có:";
    case 422:
      return "Không đúng quy định:";
    default:
      return (err && err.title ? err.title + ":" : "Có lỗi:");
  }
}

export function okBox(text) {
  return h("div", { class: "alert ok", role: "status" }, text);
}

// Shows a message in place of what `el` held; used for the load of a whole section.
export function loading(el, what) {
  replace(el, h("p", { class: "muted", role: "status" }, `Đang tải ${what}…`));
}

// A table: columns [{title, cell: (item) => node|text, num?: true}], a caption.
export function table(caption, columns, items, empty = "Không có dữ liệu.") {
  if (!items.length) return h("p", { class: "muted" }, empty);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.num ? "num" : null }, c.title)))),
      h(
        "tbody",
        {},
        items.map((it) => h("tr", {}, columns.map((c) => h("td", { class: c.num ? "num" : null }, c.cell(it))))),
      ),
    ),
  );
}

// "1–20 / 45" and the buttons to move; onPage(newOffset).
export function pager(page, onPage, unit = "mục") {
  const { total, limit, offset } = page;
  if (total === 0) return null;
  const last = Math.min(offset + page.items.length, total);
  return h(
    "nav",
    { class: "pager", "aria-label": "Phân trang" },
    h("button", { type: "button", class: "btn", disabled: offset === 0, onclick: () => onPage(Math.max(0, offset - limit)) }, "← Trang trước"),
    h("span", { role: "status" }, `${fmtInt(offset + 1)}–${fmtInt(last)} trên ${fmtInt(total)} ${unit}`),
    h("button", { type: "button", class: "btn", disabled: last >= total, onclick: () => onPage(offset + limit) }, "Trang sau →"),
  );
}

// A paged table that pages in place: fetchPage(offset, limit) -> {items,total,limit,offset}.
export function pagedTable({ caption, columns, fetchPage, limit = 20, unit, empty }) {
  const box = h("div", { class: "paged" });
  async function show(offset) {
    loading(box, caption.toLowerCase());
    try {
      const page = await fetchPage(offset, limit);
      replace(box, table(`${caption} (${fmtInt(page.total)})`, columns, page.items, empty), pager(page, show, unit));
    } catch (e) {
      replace(box, problemBox(e));
    }
  }
  show(0);
  return box;
}

export function link(href, text) {
  return h("a", { href }, text);
}

// A definition list from [[term, value], ...]; empty values show "—".
export function facts(rows) {
  return h(
    "dl",
    { class: "facts" },
    rows.map(([t, v]) => [h("dt", {}, t), h("dd", {}, v === "" || v === null || v === undefined ? "—" : v)]),
  );
}
