// One household: its details and the poverty status history by year (R-HH-2).
import { api } from "../api.js";
import { facts, h, link, replace, table } from "../dom.js";
import { flagName, povertyName, sexName, vnDate } from "../fmt.js";
import { businessYear, can } from "../state.js";
import { loadCommunes } from "../widgets.js";

export async function householdView({ el, params }) {
  const x = await api.get(`households/${params[0]}`);
  const communes = await loadCommunes().catch(() => []);
  const commune = communes.find((c) => c.code === x.commune_code);
  const group = h("span", {}, x.group_id ? `tổ số ${x.group_id}` : "Chưa vào tổ nào");
  if (x.group_id)
    api
      .get(`groups/${x.group_id}`)
      .then((g) => replace(group, link(`#/groups/${g.id}`, `${g.name} (${g.code})`)))
      .catch(() => replace(group, link(`#/groups/${x.group_id}`, `Tổ số ${x.group_id}`)));

  replace(
    el,
    h(
      "div",
      { class: "title-row" },
      h("h2", {}, x.head_name),
      h(
        "p",
        { class: "actions" },
        can.writeHousehold() ? h("a", { href: `#/households/${x.id}/edit`, class: "btn btn-primary" }, "Sửa thông tin") : null,
        h("a", { href: "#/households", class: "btn" }, "← Danh sách hộ"),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "hh-facts" },
      h("h3", { id: "hh-facts" }, "Thông tin hộ"),
      facts([
        ["Chủ hộ", x.head_name],
        ["Số CCCD", x.cccd],
        ["Giới tính", sexName(x.sex)],
        ["Năm sinh", x.birth_year],
        ["Dân tộc", x.ethnicity],
        ["Đối tượng", x.flags.map(flagName).join(", ")],
        ["Thôn", x.village_name],
        ["Xã", commune ? `${commune.name} (${commune.code})` : x.commune_code],
        ["Số nhân khẩu", x.members],
        ["Điện thoại", x.phone],
        ["Tổ TK&VV", group],
        [`Phân loại năm ${businessYear()}`, povertyName(x.status)],
        ["Ngày tạo", vnDate(x.created_on)],
        ["Cập nhật", vnDate(x.updated_on)],
      ]),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "hh-history" },
      h("h3", { id: "hh-history" }, "Lịch sử phân loại hộ theo năm"),
      table(
        "Phân loại hộ nghèo, cận nghèo qua các năm",
        [
          { title: "Năm", cell: (s) => s.year },
          { title: "Phân loại", cell: (s) => povertyName(s.status) },
          { title: "Xã", cell: (s) => s.commune_code },
          { title: "Nguồn", cell: (s) => (s.import_id ? `Danh sách nhập lần số ${s.import_id}` : "Ghi trực tiếp") },
          { title: "Ngày ghi", cell: (s) => vnDate(s.recorded_on) },
        ],
        x.poverty_status || [],
        "Hộ chưa có trong danh sách hộ nghèo, cận nghèo của năm nào.",
      ),
    ),
  );
}
