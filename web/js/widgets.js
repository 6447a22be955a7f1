// Form controls shared by several screens: a commune picker that finds "dong phuong"
// without diacritics, a village list of one commune, a date field in dd/mm/yyyy.
import { all } from "./api.js";
import { h, newId, replace } from "./dom.js";
import { fold, isoDate, vnDate } from "./fmt.js";

// The communes valid on the business date, loaded once per page: the API's name search
// needs the exact diacritics and case, so matching happens here, folded. The whole country
// is some 10,000 communes (21 requests of 500, about 1.5 MB), a province a few hundred.
let communes = null;
export function loadCommunes() {
  if (!communes)
    communes = all("admin-units", { level: "commune" }, 20000).then((items) =>
      items.map((c) => ({ code: c.code, name: c.name, key: fold(c.name) })),
    );
  communes.catch(() => (communes = null));
  return communes;
}

const communeText = (c) => `${c.name} (${c.code})`;

// A combobox (WAI-ARIA 1.2 pattern): type a code or part of a name, pick with the arrow
// keys and Enter, or with the mouse. picker.code is the chosen code ("" for none);
// onChange(code) runs when it changes.
export function communePicker({ label = "Xã", code = "", required = false, onChange, hint: hintText } = {}) {
  const id = newId("commune");
  const list = h("ul", { id: id + "-list", role: "listbox", class: "options", hidden: true, "aria-label": label });
  const hint = h("p", { class: "hint", id: id + "-hint" }, hintText || "Gõ mã hoặc tên xã, không cần dấu (ví dụ: dong phuong).");
  const input = h("input", {
    id,
    type: "text",
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": list.id,
    "aria-describedby": hint.id,
    required,
  });
  const picker = { code: "", el: null, input };
  let matches = [];
  let active = -1;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function choose(c) {
    const changed = (c ? c.code : "") !== picker.code;
    picker.code = c ? c.code : "";
    input.value = c ? communeText(c) : input.value;
    input.setCustomValidity("");
    close();
    if (changed && onChange) onChange(picker.code);
  }
  function highlight(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  }
  async function suggest() {
    const q = fold(input.value).trim();
    if (!q) {
      close();
      if (picker.code) choose(null);
      return;
    }
    let all = [];
    try {
      all = await loadCommunes();
    } catch (e) {
      hint.textContent = "Không tải được danh mục xã: " + e.message;
      return;
    }
    if (fold(input.value).trim() !== q) return; // typed on meanwhile
    matches = all.filter((c) => c.code.startsWith(q) || c.key.includes(q)).slice(0, 30);
    replace(
      list,
      matches.length
        ? matches.map((c, i) =>
            h(
              "li",
              { id: `${id}-o${i}`, role: "option", "aria-selected": "false", onmousedown: (ev) => (ev.preventDefault(), choose(c)) },
              communeText(c),
            ),
          )
        : h("li", { class: "muted", "aria-disabled": "true" }, "Không có xã nào khớp."),
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(matches.length === 1 ? 0 : -1);
  }
  input.addEventListener("input", suggest);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (list.hidden) return void suggest();
      const n = matches.length;
      if (n) highlight(ev.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
    } else if (ev.key === "Enter" && !list.hidden && active >= 0) {
      ev.preventDefault();
      choose(matches[active]);
    } else if (ev.key === "Escape") {
      close();
    }
  });
  // Leaving the field: an exact code or a single match counts as chosen; otherwise the
  // field says what is wrong instead of keeping a half-typed name.
  input.addEventListener("blur", async () => {
    close();
    const q = fold(input.value).trim();
    if (!q) return choose(null);
    const all = await loadCommunes().catch(() => []);
    const cur = all.find((c) => c.code === picker.code);
    if (cur && input.value === communeText(cur)) return;
    const hits = all.filter((c) => c.code === q || c.key === q || c.key.includes(q));
    if (hits.length === 1) choose(hits[0]);
    else {
      picker.code = "";
      input.setCustomValidity(hits.length ? "Có nhiều xã khớp: hãy chọn một xã trong danh sách." : "Không có xã này.");
      if (onChange) onChange("");
    }
  });
  picker.set = async (c) => {
    const found = c ? (await loadCommunes().catch(() => [])).find((x) => x.code === c) : null;
    picker.code = c || "";
    input.value = found ? communeText(found) : c || "";
  };
  if (code) picker.set(code);
  picker.el = h("div", { class: "field combo" }, h("label", { for: id }, label), input, list, hint);
  return picker;
}

// The villages of one commune as a <select>; sel.load(communeCode, selectedId).
export function villageSelect({ label = "Thôn", anyText = null, required = false } = {}) {
  const select = h("select", { id: newId("village"), required, disabled: true });
  const sel = { select, el: h("div", { class: "field" }, h("label", { for: select.id }, label), select) };
  const first = (text) => h("option", { value: "" }, text);
  replace(select, first("— chọn xã trước —"));
  sel.load = async (commune, selected) => {
    if (!commune) {
      replace(select, first("— chọn xã trước —"));
      select.disabled = true;
      return;
    }
    replace(select, first("Đang tải…"));
    const items = await all("villages", { commune });
    replace(
      select,
      first(anyText || (items.length ? "— chọn thôn —" : "Xã chưa có thôn nào")),
      items.map((v) => h("option", { value: v.id }, v.name)),
    );
    select.disabled = false;
    if (selected) select.value = String(selected);
  };
  return sel;
}

// A date typed dd/mm/yyyy; df.iso() is the ISO date or null when it is not a real day.
export function dateField(label, iso) {
  const input = h("input", {
    id: newId("date"),
    type: "text",
    inputmode: "numeric",
    placeholder: "dd/mm/yyyy",
    pattern: "\\d{1,2}/\\d{1,2}/\\d{4}",
    value: vnDate(iso),
    size: 10,
  });
  const hint = h("p", { class: "hint", id: input.id + "-hint" }, "Ngày/tháng/năm, ví dụ 01/07/2025.");
  input.setAttribute("aria-describedby", hint.id);
  return {
    input,
    el: h("div", { class: "field" }, h("label", { for: input.id }, label), input, hint),
    iso: () => isoDate(input.value),
  };
}
