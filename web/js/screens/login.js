// Sign-in: username and password; the server's refusal as it gave it (wrong password,
// the lock-out after five failures, an account locked by an administrator).
import { api } from "../api.js";
import { field, h, problemBox, replace } from "../dom.js";

export async function loginView({ el, next, signedIn }) {
  const user = h("input", { id: "login-username", name: "username", autocomplete: "username", required: true, autocapitalize: "none", spellcheck: "false" });
  const pass = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const msg = h("div", { id: "login-error", "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, "Đăng nhập");

  async function submit(ev) {
    ev.preventDefault();
    replace(msg);
    button.disabled = true;
    button.textContent = "Đang đăng nhập…";
    try {
      const r = await api.post("login", { username: user.value.trim(), password: pass.value }, { quiet401: true });
      pass.value = "";
      await signedIn(r.user, r.csrf_token, next);
    } catch (e) {
      replace(msg, problemBox(e, leadFor(e)));
      pass.value = "";
      pass.focus();
    } finally {
      button.disabled = false;
      button.textContent = "Đăng nhập";
    }
  }

  replace(
    el,
    h(
      "section",
      { class: "card narrow", "aria-labelledby": "login-title" },
      h("h2", { id: "login-title" }, "Đăng nhập"),
      h("p", { class: "muted" }, "Dùng tài khoản do quản trị viên của đơn vị cấp."),
      h("form", { id: "login-form", onsubmit: submit, novalidate: false }, field("Tên đăng nhập", user), field("Mật khẩu", pass), msg, h("p", {}, button)),
    ),
  );
  user.focus();
}

// The headline over the server's detail: the lock-out first, since it changes what to do.
function leadFor(e) {
  const d = e.detail || "";
  if (/locked after|locked for|tạm khóa/.test(d)) return "Tài khoản đã bị tạm khóa do đăng nhập sai nhiều lần.";
  if (/locked by an administrator|bị khóa/.test(d)) return "Tài khoản đang bị khóa.";
  if (e.status === 401) return "Sai tên đăng nhập hoặc mật khẩu.";
  return "Không đăng nhập được.";
}
