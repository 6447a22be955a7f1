// The network as of a date (R-ORG-1: a past date shows the tree of that date): the offices
// as a tree, the commune transaction points, the staff.
import { all, api } from "../api.js";
import { h, loading, pagedTable, problemBox, replace } from "../dom.js";
import { fmtInt, officeKindName, staffRoleName, vnDate } from "../fmt.js";
import { businessDate } from "../state.js";
import { dateField } from "../widgets.js";

export async function networkView({ el, query, go }) {
  const date = query.get("date") || businessDate();
  const df = dateField("Xem mạng lưới tại ngày", date);
  df.input.id = "net-date";
  df.el.querySelector("label").htmlFor = "net-date";
  const msg = h("div", { "aria-live": "polite" });
  const tree = h("div", { id: "office-tree" });
  const points = h("div");
  const staff = h("div");

  function submit(ev) {
    ev.preventDefault();
    const iso = df.iso();
    if (!iso) {
      df.input.setAttribute("aria-invalid", "true");
      replace(msg, problemBox({ detail: `"${df.input.value}" không phải là một ngày dd/mm/yyyy.` }, "Ngày chưa đúng:"));
      return;
    }
    go("/network", { date: iso });
  }

  replace(
    el,
    h("h2", {}, `Mạng lưới ngày ${vnDate(date)}`),
    h(
      "form",
      { class: "card filters inline", onsubmit: submit },
      df.el,
      h("p", { class: "actions" }, h("button", { type: "submit", class: "btn btn-primary" }, "Xem")),
      msg,
    ),
    h("section", { class: "card", "aria-labelledby": "net-offices" }, h("h3", { id: "net-offices" }, "Cây đơn vị"), tree),
    h("section", { class: "card", "aria-labelledby": "net-points" }, h("h3", { id: "net-points" }, "Điểm giao dịch xã"), points),
    h("section", { class: "card", "aria-labelledby": "net-staff" }, h("h3", { id: "net-staff" }, "Nhân viên"), staff),
  );

  loading(tree, "cây đơn vị");
  let offices = [];
  try {
    offices = await all("offices", { date });
    replace(tree, officeTree(offices));
  } catch (e) {
    replace(tree, problemBox(e));
  }
  const officeName = new Map(offices.map((o) => [o.id, o.code]));
  const staffName = new Map();
  all("staff", { date })
    .then((list) => list.forEach((s) => staffName.set(s.id, s.full_name)))
    .catch(() => {})
    .finally(() => {
      replace(points, pointTable(date, officeName, staffName));
      replace(staff, staffTable(date, officeName));
    });
}

// The offices come depth first, each with its depth: nested lists follow from it.
function officeTree(offices) {
  if (!offices.length) return h("p", { class: "muted" }, "Không có đơn vị nào vào ngày này.");
  const root = h("ul", { class: "tree", "aria-label": "Cây đơn vị" });
  const stack = [root];
  for (const o of offices) {
    while (stack.length > o.depth + 1) stack.pop();
    const parent = stack[stack.length - 1];
    const item = h(
      "li",
      { "data-code": o.code },
      h("span", { class: "node" }, h("strong", {}, o.name), " ", h("span", { class: "badge" }, o.code), " ", h("span", { class: "muted" }, `${officeKindName(o.kind)} · từ ${vnDate(o.valid_from)}${o.valid_to ? " đến " + vnDate(o.valid_to) : ""}`)),
    );
    parent.append(item);
    const sub = h("ul", {});
    item.append(sub);
    stack.push(sub);
  }
  for (const ul of root.querySelectorAll("ul")) if (!ul.children.length) ul.remove();
  return h("div", {}, h("p", { class: "muted" }, `${fmtInt(offices.length)} đơn vị.`), root);
}

function pointTable(date, officeName, staffName) {
  const person = (id) => (id ? staffName.get(id) || `#${id}` : "—");
  return pagedTable({
    caption: "Điểm giao dịch xã",
    unit: "điểm",
    empty: "Không có điểm giao dịch nào vào ngày này.",
    fetchPage: (offset, limit) => api.get("points", { date, limit, offset }),
    columns: [
      { title: "Mã", cell: (p) => p.code },
      { title: "Tên điểm", cell: (p) => p.name },
      { title: "Đơn vị", cell: (p) => officeName.get(p.office_id) || p.office_id },
      { title: "Địa điểm", cell: (p) => p.place },
      { title: "Ngày giao dịch", cell: (p) => `ngày ${p.meeting_day} hằng tháng` },
      { title: "Xã phục vụ", cell: (p) => p.communes.map((c) => `${c.name} (${c.code})`).join(", ") },
      {
        title: "Tổ giao dịch",
        cell: (p) =>
          p.team
            ? `Tổ trưởng: ${person(p.team.leader)}; kiểm soát: ${person(p.team.controller)}; thủ quỹ: ${person(p.team.teller)}`
            : "—",
      },
    ],
  });
}

function staffTable(date, officeName) {
  return pagedTable({
    caption: "Nhân viên",
    unit: "người",
    empty: "Không có nhân viên nào vào ngày này.",
    fetchPage: (offset, limit) => api.get("staff", { date, limit, offset }),
    columns: [
      { title: "Họ tên", cell: (s) => s.full_name },
      { title: "Chức danh", cell: (s) => staffRoleName(s.role) },
      { title: "Đơn vị", cell: (s) => officeName.get(s.office_id) || s.office_id },
      { title: "Điện thoại", cell: (s) => s.phone },
      { title: "Xã phụ trách", cell: (s) => s.communes.join(", ") },
      { title: "Từ ngày", cell: (s) => vnDate(s.valid_from) },
    ],
  });
}
