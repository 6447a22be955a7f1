// The state of the system: the server's health answer (version, store, schema, business
// date), as the first page of tindung showed it, and who is signed in.
import { api } from "../api.js";
import { facts, h, problemBox, replace } from "../dom.js";
import { roleName, vnDate } from "../fmt.js";
import { state } from "../state.js";

export async function aboutView({ el }) {
  const box = h("section", { class: "card", "aria-labelledby": "health-title" }, h("h3", { id: "health-title" }, "Tình trạng hệ thống"));
  replace(el, h("h2", {}, "Hệ thống"), box);
  try {
    const hl = await api.get("health");
    state.health = hl;
    box.append(
      h("p", { class: "ok", role: "status", id: "health-status" }, "Hệ thống hoạt động bình thường."),
      facts([
        ["Phiên bản", hl.version],
        ["Cơ sở dữ liệu", hl.backend === "sqlite" ? "SQLite (nhúng)" : "PostgreSQL"],
        ["Lược đồ", `${hl.schema_version} (mới nhất: ${hl.schema_latest})`],
        ["Ngày làm việc", vnDate(hl.business_date)],
      ]),
    );
  } catch (e) {
    box.append(problemBox(e, "Không kết nối được máy chủ:"));
  }
  const me = state.me;
  el.append(
    h(
      "section",
      { class: "card", "aria-labelledby": "me-title" },
      h("h3", { id: "me-title" }, "Tài khoản của bạn"),
      facts([
        ["Tên đăng nhập", me.username],
        ["Họ tên", me.full_name],
        ["Vai trò", roleName(me.role)],
        ["Đơn vị", state.office ? `${state.office.name} (${me.office_code})` : me.office_code],
      ]),
    ),
  );
}
