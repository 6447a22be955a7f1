// Importing a commune's poverty list (R-HH-1, R-HH-2; docs/poverty-list.md): choose the
// CSV file, the commune and the year; a dry run (the default) shows the reconciliation
// and writes nothing; then "import for real" sends the same text again.
import { api } from "../api.js";
import { facts, field, h, link, loading, okBox, pagedTable, problemBox, replace, table } from "../dom.js";
import { fmtInt, povertyName, vnDate } from "../fmt.js";
import { businessYear } from "../state.js";
import { communePicker } from "../widgets.js";

const MAX_BYTES = 1024 * 1024; // the API's body limit; larger lists go through the CLI

function readText(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error || new Error("không đọc được tệp"));
    r.readAsText(file, "utf-8");
  });
}

export async function povertyView({ el }) {
  // The browser's own file button speaks the browser's language; this one speaks Vietnamese.
  const file = h("input", { id: "pi-file", type: "file", accept: ".csv,text/csv", required: true, class: "file-input", "aria-describedby": "pi-file-name pi-file-hint" });
  const fileName = h("span", { class: "muted", id: "pi-file-name" }, "Chưa chọn tệp.");
  file.addEventListener("change", () => (fileName.textContent = file.files[0] ? `${file.files[0].name} (${fmtInt(file.files[0].size)} byte)` : "Chưa chọn tệp."));
  const commune = communePicker({ label: "Xã", required: true });
  commune.input.id = "pi-commune";
  commune.el.querySelector("label").htmlFor = "pi-commune";
  const year = h("input", { id: "pi-year", type: "number", min: 2000, max: businessYear() + 1, value: businessYear(), required: true });
  const dry = h("input", { id: "pi-dry", type: "checkbox", checked: true });
  const button = h("button", { type: "submit", class: "btn btn-primary", id: "pi-submit" }, "Kiểm tra danh sách");
  dry.addEventListener("change", () => (button.textContent = dry.checked ? "Kiểm tra danh sách" : "Nhập danh sách"));
  const msg = h("div", { "aria-live": "polite" });
  // No live region: the result is long; focus moves to its heading instead.
  const result = h("section", { id: "pi-result" });
  const history = h("section", { class: "card", "aria-labelledby": "pi-history" });

  // The text and the choices of the last run, so "import for real" sends exactly them.
  let last = null;

  async function run(body) {
    replace(msg);
    loading(result, "kết quả đối chiếu");
    button.disabled = true;
    try {
      const r = await api.post("poverty-imports", body);
      last = body;
      showResult(result, r, () => run({ ...last, dry_run: false }));
      if (!r.dry_run) showHistory(history);
      result.querySelector("h3")?.focus();
    } catch (e) {
      replace(result);
      replace(msg, problemBox(e, "Không nhập được danh sách:"));
    } finally {
      button.disabled = false;
    }
  }

  async function submit(ev) {
    ev.preventDefault();
    replace(msg);
    const problems = [];
    const f = file.files[0];
    if (!f) problems.push("Chưa chọn tệp danh sách.");
    else if (f.size > MAX_BYTES)
      problems.push(`Tệp ${f.name} lớn hơn 1 MB: hãy nhập bằng lệnh tindung import poverty-list trên máy chủ.`);
    if (!commune.code) problems.push("Chưa chọn xã.");
    if (!/^\d{4}$/.test(year.value)) problems.push("Năm phải có 4 chữ số, ví dụ 2025.");
    if (problems.length) {
      replace(msg, problemBox({ detail: problems.join("; ") }, "Chưa nhập được:"));
      return;
    }
    let text;
    try {
      text = await readText(f);
    } catch (e) {
      replace(msg, problemBox({ detail: `Không đọc được tệp ${f.name}: ${e.message}` }, "Chưa nhập được:"));
      return;
    }
    await run({ commune_code: commune.code, year: Number(year.value), csv: text, file_name: f.name, dry_run: dry.checked });
  }

  replace(
    el,
    h("h2", {}, "Nhập danh sách hộ nghèo, cận nghèo"),
    h(
      "p",
      { class: "muted" },
      "Danh sách của Phòng Lao động – Thương binh và Xã hội cho một xã, một năm: tệp CSV (UTF-8) có các cột số CCCD, họ tên chủ hộ, thôn, phân loại, số nhân khẩu. ",
      "Tệp được coi là danh sách đầy đủ của xã trong năm; nhập lại cùng tệp không thay đổi gì.",
    ),
    h(
      "form",
      { class: "card", id: "poverty-form", novalidate: true, onsubmit: submit },
      h(
        "div",
        { class: "grid" },
        h(
          "div",
          { class: "field" },
          h("label", { for: "pi-file", id: "pi-file-label" }, "Tệp danh sách (CSV)"),
          h("div", { class: "file-pick" }, file, h("label", { for: "pi-file", class: "btn", "aria-hidden": "true" }, "Chọn tệp…"), fileName),
          h("p", { class: "hint", id: "pi-file-hint" }, "Tối đa 1 MB (khoảng 14.000 hộ)."),
        ),
        commune.el,
        field("Năm của danh sách", year),
      ),
      h("p", { class: "field" }, h("label", { class: "check" }, dry, " Chạy thử: chỉ đối chiếu, chưa ghi gì")),
      msg,
      h("p", { class: "actions" }, button),
    ),
    result,
    history,
  );
  showHistory(history);
}

function statusWithYear(status, year) {
  return status ? `${povertyName(status)} (${year})` : "chưa có";
}

function showResult(box, r, commit) {
  const n = r.counts;
  const title = r.dry_run
    ? "Kết quả đối chiếu — chạy thử, chưa ghi gì"
    : `Đã nhập danh sách — lần nhập số ${r.import_id ?? "?"}`;
  replace(
    box,
    h(
      "div",
      { class: "card" },
      h("h3", { tabindex: "-1" }, title),
      facts([
        ["Xã", `${r.commune_name} (${r.commune_code})`],
        ["Đơn vị", r.office_name],
        ["Năm", r.year],
        ["Mã SHA-256 của tệp", h("code", { class: "hash" }, r.sha256)],
      ]),
      r.same_as_import ? okBox(`Tệp này giống hệt lần nhập số ${r.same_as_import}: các hộ không thay đổi.`) : null,
      table(
        "Tổng hợp",
        [
          { title: "Mục", cell: (x) => x[0] },
          { title: "Số lượng", cell: (x) => fmtInt(x[1]), num: true },
        ],
        [
          ["Số dòng đọc", n.rows],
          ["Hộ mới", n.new_households],
          ["Không đổi", n.unchanged],
          ["Đổi phân loại", n.status_changed],
          ["Ra khỏi danh sách", n.left_list],
          ["Bị từ chối", n.rejected],
        ],
      ),
      h("h4", {}, `Đổi phân loại (${fmtInt(r.status_changed.length)})`),
      table(
        "Hộ đổi phân loại",
        [
          { title: "Dòng", cell: (x) => x.line, num: true },
          { title: "Số CCCD", cell: (x) => x.cccd },
          { title: "Họ tên chủ hộ", cell: (x) => link(`#/households/${x.household_id}`, x.head_name) },
          { title: "Trước", cell: (x) => statusWithYear(x.from, x.from_year) },
          { title: `Năm ${r.year}`, cell: (x) => povertyName(x.to) },
        ],
        r.status_changed,
        "Không có hộ nào đổi phân loại.",
      ),
      h("h4", {}, `Ra khỏi danh sách (${fmtInt(r.left_list.length)})`),
      r.left_list.length ? h("p", { class: "muted" }, `Các hộ này được ghi "Hộ khác" cho năm ${r.year}.`) : null,
      table(
        "Hộ ra khỏi danh sách",
        [
          { title: "Số CCCD", cell: (x) => x.cccd },
          { title: "Họ tên chủ hộ", cell: (x) => link(`#/households/${x.household_id}`, x.head_name) },
          { title: "Trước", cell: (x) => statusWithYear(x.from, x.from_year) },
        ],
        r.left_list,
        "Không có hộ nào ra khỏi danh sách.",
      ),
      h("h4", {}, `Dòng bị từ chối (${fmtInt(r.rejected.length)})`),
      r.rejected.length ? h("p", { class: "muted" }, "Các dòng này không được nhập; sửa tệp rồi nhập lại. Các dòng đúng vẫn được nhập.") : null,
      table(
        "Dòng bị từ chối",
        [
          { title: "Dòng", cell: (x) => x.line, num: true },
          { title: "Lý do", cell: (x) => x.reason },
        ],
        r.rejected,
        "Không có dòng nào bị từ chối.",
      ),
      r.dry_run
        ? h(
            "p",
            { class: "actions" },
            h("button", { type: "button", class: "btn btn-primary", id: "pi-commit", onclick: commit }, "Nhập thật danh sách này"),
            h("span", { class: "muted" }, " Ghi đúng những thay đổi trên vào cơ sở dữ liệu."),
          )
        : null,
    ),
  );
}

function showHistory(box) {
  replace(
    box,
    h("h3", { id: "pi-history" }, "Các lần nhập trước"),
    pagedTable({
      caption: "Các lần nhập danh sách",
      unit: "lần nhập",
      limit: 10,
      fetchPage: (offset, limit) => api.get("poverty-imports", { limit, offset }),
      empty: "Chưa nhập danh sách nào.",
      columns: [
        { title: "Lần", cell: (x) => x.id, num: true },
        { title: "Xã", cell: (x) => x.commune_code },
        { title: "Năm", cell: (x) => x.year },
        { title: "Tệp", cell: (x) => x.file_name },
        { title: "Dòng", cell: (x) => fmtInt(x.rows_read), num: true },
        { title: "Mới", cell: (x) => fmtInt(x.new_households), num: true },
        { title: "Không đổi", cell: (x) => fmtInt(x.unchanged), num: true },
        { title: "Đổi", cell: (x) => fmtInt(x.status_changed), num: true },
        { title: "Ra khỏi", cell: (x) => fmtInt(x.left_list), num: true },
        { title: "Từ chối", cell: (x) => fmtInt(x.rejected), num: true },
        { title: "Ngày", cell: (x) => vnDate(x.business_date) },
        { title: "Người nhập", cell: (x) => x.username },
      ],
    }),
  );
}
