// Savings-and-loan groups (tổ TK&VV, R-ORG-2): the list filtered by chapter, and one group
// with its members, the leader and deputy marked.
import { all, api } from "../api.js";
import { facts, field, h, link, loading, pager, problemBox, replace, table } from "../dom.js";
import { fmtInt, leftReasonName, levelName, memberRoleName, orgName, vnDate } from "../fmt.js";

const PAGE = 20;

function chapterText(c) {
  return `${c.name} (${orgName(c.org)}, ${levelName(c.level)})`;
}

export async function groupsView({ el, query, go }) {
  const chapter = h("select", { id: "grp-chapter" }, h("option", { value: "" }, "Mọi chi hội"));
  const status = h(
    "select",
    { id: "grp-status" },
    h("option", { value: "open" }, "Đang hoạt động"),
    h("option", { value: "closed" }, "Đã giải thể"),
    h("option", { value: "all" }, "Tất cả"),
  );
  status.value = query.get("status") || "open";
  const q = h("input", { id: "grp-q", type: "search", value: query.get("q") || "" });
  const results = h("section", { "aria-labelledby": "grp-results" });
  const search = (offset) => go("/groups", { chapter: chapter.value, status: status.value, q: q.value.trim(), offset: offset || "" });

  replace(
    el,
    h("h2", {}, "Tổ tiết kiệm và vay vốn"),
    h(
      "form",
      { class: "card filters", role: "search", "aria-label": "Lọc tổ", onsubmit: (ev) => (ev.preventDefault(), search(0)) },
      h("div", { class: "grid" }, field("Chi hội quản lý", chapter), field("Tình trạng", status), field("Mã hoặc tên tổ", q)),
      h("p", { class: "actions" }, h("button", { type: "submit", class: "btn btn-primary" }, "Lọc")),
    ),
    results,
  );

  let chapters = [];
  try {
    chapters = await all("chapters", { level: "commune" });
  } catch {
    // a group leader reads no chapter: the filter stays empty
  }
  chapter.append(...chapters.map((c) => h("option", { value: c.id }, chapterText(c))));
  chapter.value = query.get("chapter") || "";
  const chapterName = new Map(chapters.map((c) => [c.id, c.name]));

  loading(results, "danh sách tổ");
  try {
    const page = await api.get("groups", {
      chapter_id: query.get("chapter"),
      status: status.value,
      q: query.get("q"),
      limit: PAGE,
      offset: Number(query.get("offset")) || 0,
    });
    replace(
      results,
      h("h3", { id: "grp-results" }, `Kết quả: ${fmtInt(page.total)} tổ`),
      table(
        "Danh sách tổ TK&VV",
        [
          { title: "Mã tổ", cell: (g) => g.code },
          { title: "Tên tổ", cell: (g) => link(`#/groups/${g.id}`, g.name) },
          { title: "Chi hội", cell: (g) => chapterName.get(g.chapter_id) || orgName(g.org) },
          { title: "Số thành viên", cell: (g) => g.members_count, num: true },
          { title: "Ngày thành lập", cell: (g) => vnDate(g.founded_on) },
          { title: "Tình trạng", cell: (g) => (g.closed_on ? `Giải thể ngày ${vnDate(g.closed_on)}` : "Đang hoạt động") },
        ],
        page.items,
        "Không có tổ nào theo điều kiện này.",
      ),
      pager(page, search, "tổ"),
    );
  } catch (e) {
    replace(results, problemBox(e));
  }
}

export async function groupView({ el, params, query, go }) {
  const id = params[0];
  const g = await api.get(`groups/${id}`);
  const showAll = query.get("all") === "1";
  const point = h("span", {}, `#${g.point_id}`);
  const officer = h("span", {}, `#${g.officer_staff_id}`);
  api.get(`points/${g.point_id}`).then((p) => replace(point, `${p.name} (${p.code}), ngày ${p.meeting_day} hằng tháng`)).catch(() => {});
  api.get(`staff/${g.officer_staff_id}`).then((s) => replace(officer, s.full_name)).catch(() => {});
  const members = h("section", { class: "card", "aria-labelledby": "grp-members" });
  const toggle = h("input", { type: "checkbox", id: "grp-all", checked: showAll, onchange: (ev) => go(`/groups/${id}`, { all: ev.target.checked ? "1" : "" }) });

  replace(
    el,
    h("div", { class: "title-row" }, h("h2", {}, `${g.name} (${g.code})`), h("a", { href: "#/groups", class: "btn" }, "← Danh sách tổ")),
    h(
      "section",
      { class: "card", "aria-labelledby": "grp-facts" },
      h("h3", { id: "grp-facts" }, "Thông tin tổ"),
      facts([
        ["Mã tổ", g.code],
        ["Thôn", g.village_name],
        ["Chi hội quản lý", `${g.chapter_name} (${orgName(g.org)})`],
        ["Điểm giao dịch", point],
        ["Cán bộ tín dụng", officer],
        ["Quyết định thành lập", `${g.decision_no}, ngày ${vnDate(g.decision_date)}`],
        ["Ngày thành lập", vnDate(g.founded_on)],
        ["Tách từ tổ", g.split_from ? link(`#/groups/${g.split_from}`, `Tổ số ${g.split_from}`) : ""],
        ["Tình trạng", g.closed_on ? `Giải thể ngày ${vnDate(g.closed_on)}${g.merged_into ? " (sáp nhập vào tổ số " + g.merged_into + ")" : ""}` : "Đang hoạt động"],
        ["Số thành viên", g.members_count],
      ]),
    ),
    members,
  );

  replace(members, h("h3", { id: "grp-members" }, "Thành viên"), h("p", {}, h("label", { class: "check" }, toggle, " Hiện cả những hộ đã rời tổ")));
  const list = h("div");
  members.append(list);
  loading(list, "thành viên");
  try {
    const page = await api.get(`groups/${id}/members`, showAll ? { all: 1, limit: 500 } : { limit: 500 });
    const order = { leader: 0, deputy: 1, member: 2 };
    const items = [...page.items].sort((a, b) => (a.left_on ? 1 : 0) - (b.left_on ? 1 : 0) || order[a.role] - order[b.role]);
    replace(
      list,
      table(
        `Thành viên tổ ${g.code} (${fmtInt(page.total)})`,
        [
          { title: "Họ tên chủ hộ", cell: (m) => link(`#/households/${m.household_id}`, m.head_name) },
          { title: "Số CCCD", cell: (m) => m.cccd },
          { title: "Vai trò", cell: (m) => (m.role === "member" ? memberRoleName(m.role) : h("span", { class: `badge role-${m.role}` }, memberRoleName(m.role))) },
          { title: "Ngày vào", cell: (m) => vnDate(m.joined_on) },
          { title: "Ngày rời", cell: (m) => (m.left_on ? `${vnDate(m.left_on)} (${leftReasonName(m.left_reason)})` : "") },
        ],
        items,
        "Tổ chưa có thành viên.",
      ),
    );
  } catch (e) {
    replace(list, problemBox(e));
  }
}
