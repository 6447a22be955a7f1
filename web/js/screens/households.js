// Households: search by name without diacritics ("nguyen van a"), by citizen ID, by
// commune and village; a paged table. The search lives in the address (#/households?q=…)
// so that Back returns to the same results.
import { api } from "../api.js";
import { field, h, link, loading, pager, problemBox, replace, table } from "../dom.js";
import { fmtInt, povertyName, sexName } from "../fmt.js";
import { businessYear, can } from "../state.js";
import { communePicker, villageSelect } from "../widgets.js";

const PAGE = 20;

export async function householdsView({ el, query, go }) {
  const q = h("input", { id: "hh-q", name: "q", type: "search", value: query.get("q") || "", placeholder: "ví dụ: nguyen van a" });
  const cccd = h("input", { id: "hh-cccd", name: "cccd", inputmode: "numeric", maxlength: 12, value: query.get("cccd") || "" });
  const village = villageSelect({ label: "Thôn", anyText: "Mọi thôn (không lọc)" });
  const commune = communePicker({ label: "Xã", hint: "Chọn xã để lọc theo thôn; gõ mã hoặc tên, không cần dấu.", code: query.get("commune") || "", onChange: (c) => village.load(c).catch(() => {}) });
  if (query.get("commune")) village.load(query.get("commune"), query.get("village")).catch(() => {});
  const results = h("section", { class: "results", "aria-labelledby": "hh-results-title" });

  const search = (offset) =>
    go("/households", {
      q: q.value.trim(),
      cccd: cccd.value.trim(),
      commune: commune.code,
      village: commune.code ? village.select.value : "",
      offset: offset || "",
    });

  replace(
    el,
    h(
      "div",
      { class: "title-row" },
      h("h2", {}, "Hộ gia đình"),
      can.writeHousehold() ? h("a", { href: "#/households/new", class: "btn btn-primary" }, "+ Thêm hộ") : null,
    ),
    h(
      "form",
      { class: "card filters", role: "search", "aria-label": "Tìm hộ", onsubmit: (ev) => (ev.preventDefault(), search(0)) },
      h(
        "div",
        { class: "grid" },
        field("Họ tên chủ hộ", q, "Không cần gõ dấu."),
        field("Số CCCD", cccd),
        commune.el,
        village.el,
      ),
      h(
        "p",
        { class: "actions" },
        h("button", { type: "submit", class: "btn btn-primary" }, "Tìm"),
        h("button", { type: "button", class: "btn", onclick: () => go("/households", {}) }, "Xóa điều kiện"),
      ),
    ),
    results,
  );

  loading(results, "danh sách hộ");
  const offset = Number(query.get("offset")) || 0;
  try {
    const page = await api.get("households", {
      q: query.get("q"),
      cccd: query.get("cccd"),
      village_id: query.get("village"),
      limit: PAGE,
      offset,
    });
    const year = businessYear();
    replace(
      results,
      h("h3", { id: "hh-results-title" }, `Kết quả: ${fmtInt(page.total)} hộ`),
      table(
        "Danh sách hộ gia đình",
        [
          { title: "Họ tên chủ hộ", cell: (x) => link(`#/households/${x.id}`, x.head_name) },
          { title: "Số CCCD", cell: (x) => x.cccd },
          { title: "Giới tính", cell: (x) => sexName(x.sex) },
          { title: "Năm sinh", cell: (x) => x.birth_year, num: true },
          { title: "Thôn", cell: (x) => x.village_name },
          { title: "Nhân khẩu", cell: (x) => x.members, num: true },
          { title: `Phân loại ${year}`, cell: (x) => povertyName(x.status) },
          { title: "Điện thoại", cell: (x) => x.phone },
        ],
        page.items,
        "Không tìm thấy hộ nào theo điều kiện này.",
      ),
      pager(page, search, "hộ"),
    );
  } catch (e) {
    replace(results, problemBox(e));
  }
}
