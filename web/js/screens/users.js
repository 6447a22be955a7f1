// Users, for administrators (and auditors, who read): the list of the office subtree, lock
// and unlock, and a form to add a user (docs/access.md).
import { all, api } from "../api.js";
import { field, h, okBox, pagedTable, problemBox, replace } from "../dom.js";
import { ROLES, roleName, vnDate } from "../fmt.js";
import { can } from "../state.js";

function stateText(u) {
  if (u.disabled) return "Bị khóa";
  if (u.locked_until * 1000 > Date.now()) {
    const t = new Date(u.locked_until * 1000);
    const hm = `${String(t.getHours()).padStart(2, "0")}:${String(t.getMinutes()).padStart(2, "0")}`;
    return `Tạm khóa đến ${hm} ${vnDate(t.toISOString().slice(0, 10))}`;
  }
  return "Đang hoạt động";
}

export async function usersView({ el, query, go }) {
  const role = h("select", { id: "usr-role" }, h("option", { value: "" }, "Mọi vai trò"), Object.entries(ROLES).map(([v, t]) => h("option", { value: v }, t)));
  role.value = query.get("role") || "";
  const q = h("input", { id: "usr-q", type: "search", value: query.get("q") || "" });
  const msg = h("div", { "aria-live": "polite" });
  const list = h("div");

  async function setLock(u) {
    replace(msg);
    try {
      await api.put(`users/${u.id}`, { disabled: !u.disabled });
      replace(msg, okBox(`${u.disabled ? "Đã mở khóa" : "Đã khóa"} tài khoản ${u.username}.`));
      show();
    } catch (e) {
      replace(msg, problemBox(e));
    }
  }

  const show = () =>
    replace(
      list,
      pagedTable({
        caption: "Người dùng",
        unit: "người dùng",
        empty: "Không có người dùng nào theo điều kiện này.",
        fetchPage: (offset, limit) => api.get("users", { role: query.get("role"), q: query.get("q"), limit, offset }),
        columns: [
          { title: "Tên đăng nhập", cell: (u) => u.username },
          { title: "Họ tên", cell: (u) => u.full_name },
          { title: "Vai trò", cell: (u) => roleName(u.role) },
          { title: "Đơn vị", cell: (u) => u.office_code },
          { title: "Tình trạng", cell: (u) => stateText(u) },
          {
            title: "Thao tác",
            cell: (u) =>
              can.manageUsers()
                ? h("button", { type: "button", class: "btn btn-small", onclick: () => setLock(u) }, u.disabled || u.locked_until * 1000 > Date.now() ? `Mở khóa ${u.username}` : `Khóa ${u.username}`)
                : "",
          },
        ],
      }),
    );

  replace(
    el,
    h(
      "div",
      { class: "title-row" },
      h("h2", {}, "Người dùng"),
      can.manageUsers() ? h("a", { href: "#/users/new", class: "btn btn-primary" }, "+ Thêm người dùng") : null,
    ),
    h(
      "form",
      { class: "card filters", role: "search", "aria-label": "Lọc người dùng", onsubmit: (ev) => (ev.preventDefault(), go("/users", { role: role.value, q: q.value.trim() })) },
      h("div", { class: "grid" }, field("Vai trò", role), field("Tên hoặc tên đăng nhập", q)),
      h("p", { class: "actions" }, h("button", { type: "submit", class: "btn btn-primary" }, "Lọc")),
    ),
    msg,
    list,
  );
  show();
}

export async function userFormView({ el, go }) {
  const c = {
    username: h("input", { id: "uf-username", required: true, autocomplete: "off", autocapitalize: "none", spellcheck: "false" }),
    full_name: h("input", { id: "uf-name", required: true, autocomplete: "off" }),
    role: h("select", { id: "uf-role", required: true }, Object.entries(ROLES).map(([v, t]) => h("option", { value: v }, t))),
    office: h("select", { id: "uf-office", required: true }),
    chapter: h("select", { id: "uf-chapter" }),
    group: h("select", { id: "uf-group" }),
    password: h("input", { id: "uf-password", type: "password", autocomplete: "new-password", required: true, minlength: 10 }),
    again: h("input", { id: "uf-again", type: "password", autocomplete: "new-password", required: true }),
  };
  c.role.value = "credit_officer";
  const chapterField = field("Chi hội (cán bộ hội đoàn thể)", c.chapter);
  const groupField = field("Tổ TK&VV (tổ trưởng)", c.group);
  const toggle = () => {
    chapterField.hidden = c.role.value !== "union_officer";
    groupField.hidden = c.role.value !== "group_leader";
  };
  c.role.addEventListener("change", toggle);
  toggle();
  const msg = h("div", { "aria-live": "polite" });

  async function submit(ev) {
    ev.preventDefault();
    replace(msg);
    if (c.password.value !== c.again.value) {
      replace(msg, problemBox({ detail: "Hai lần nhập mật khẩu không giống nhau." }, "Chưa thêm được người dùng:"));
      return;
    }
    const body = {
      username: c.username.value.trim(),
      full_name: c.full_name.value.trim(),
      role: c.role.value,
      office_id: Number(c.office.value) || null,
      password: c.password.value,
    };
    if (body.role === "union_officer") body.chapter_id = Number(c.chapter.value) || null;
    if (body.role === "group_leader") body.group_id = Number(c.group.value) || null;
    try {
      const u = await api.post("users", body);
      go("/users", {}, `Đã thêm người dùng ${u.username} (${roleName(u.role)}, ${u.office_code}).`);
    } catch (e) {
      replace(msg, problemBox(e, "Chưa thêm được người dùng:"));
    }
  }

  replace(
    el,
    h("h2", {}, "Thêm người dùng"),
    h(
      "form",
      { class: "card", novalidate: true, onsubmit: submit },
      h(
        "div",
        { class: "grid" },
        field("Tên đăng nhập", c.username, "3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang."),
        field("Họ tên", c.full_name),
        field("Vai trò", c.role),
        field("Đơn vị", c.office, "Người dùng làm việc trong đơn vị này và các đơn vị cấp dưới."),
        chapterField,
        groupField,
        field("Mật khẩu", c.password, "Ít nhất 10 ký tự."),
        field("Nhập lại mật khẩu", c.again),
      ),
      msg,
      h(
        "p",
        { class: "actions" },
        h("button", { type: "submit", class: "btn btn-primary" }, "Thêm người dùng"),
        h("a", { href: "#/users", class: "btn" }, "Hủy"),
      ),
    ),
  );

  const [offices, chapters, groups] = await Promise.all([
    all("offices").catch(() => []),
    all("chapters").catch(() => []),
    all("groups").catch(() => []),
  ]);
  replace(c.office, offices.map((o) => h("option", { value: o.id }, `${"\u00a0\u00a0".repeat(o.depth)}${o.name} (${o.code})`)));
  replace(c.chapter, h("option", { value: "" }, "— chọn chi hội —"), chapters.map((x) => h("option", { value: x.id }, `${x.name} (${x.admin_code})`)));
  replace(c.group, h("option", { value: "" }, "— chọn tổ —"), groups.map((g) => h("option", { value: g.id }, `${g.name} (${g.code})`)));
}
