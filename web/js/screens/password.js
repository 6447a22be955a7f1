// Changing one's own password: the current one, the new one twice. The server checks
// the rules (at least 10 characters, not the current one) and ends the other sessions.
import { api } from "../api.js";
import { field, h, okBox, problemBox, replace } from "../dom.js";

export async function passwordView({ el }) {
  const attrs = { type: "password", required: true };
  const oldPw = h("input", { ...attrs, id: "pw-old", autocomplete: "current-password" });
  const newPw = h("input", { ...attrs, id: "pw-new", autocomplete: "new-password", minlength: 10 });
  const again = h("input", { ...attrs, id: "pw-again", autocomplete: "new-password" });
  const msg = h("div", { "aria-live": "polite" });

  async function submit(ev) {
    ev.preventDefault();
    replace(msg);
    if (newPw.value !== again.value) {
      replace(msg, problemBox({ detail: "Hai lần nhập mật khẩu mới không giống nhau." }, "Chưa đổi được mật khẩu:"));
      again.focus();
      return;
    }
    try {
      await api.post("me/password", { old_password: oldPw.value, new_password: newPw.value });
      for (const i of [oldPw, newPw, again]) i.value = "";
      replace(msg, okBox("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã kết thúc."));
    } catch (e) {
      replace(msg, problemBox(e, "Chưa đổi được mật khẩu:"));
    }
  }

  replace(
    el,
    h(
      "section",
      { class: "card narrow" },
      h("h2", {}, "Đổi mật khẩu"),
      h(
        "form",
        { onsubmit: submit },
        field("Mật khẩu hiện tại", oldPw),
        field("Mật khẩu mới", newPw, "Ít nhất 10 ký tự."),
        field("Nhập lại mật khẩu mới", again),
        msg,
        h("p", {}, h("button", { type: "submit", class: "btn btn-primary" }, "Đổi mật khẩu")),
      ),
    ),
  );
}
