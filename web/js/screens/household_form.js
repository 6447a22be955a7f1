// Adding or editing a household. The server validates every field (R-HH-3 for the citizen
// ID) and names every problem at once; the form shows them all and marks the fields.
import { api } from "../api.js";
import { field, h, problemBox, replace } from "../dom.js";
import { FLAGS } from "../fmt.js";
import { communePicker, villageSelect } from "../widgets.js";

// Which field a problem of the server's message is about.
const FIELD_OF = [
  [/citizen ID|cccd/i, "cccd"],
  [/head_name|name '/i, "head_name"],
  [/\bsex\b/i, "sex"],
  [/birth/i, "birth_year"],
  [/ethnicity/i, "ethnicity"],
  [/village/i, "village"],
  [/members/i, "members"],
  [/phone/i, "phone"],
  [/flag/i, "flags"],
];

export async function householdFormView({ el, params, go }) {
  const id = params[0];
  const x = id ? await api.get(`households/${id}`) : null;
  const c = {
    cccd: h("input", { id: "hf-cccd", inputmode: "numeric", maxlength: 12, value: x?.cccd, required: true }),
    head_name: h("input", { id: "hf-name", value: x?.head_name, required: true, autocomplete: "off" }),
    sex: h(
      "select",
      { id: "hf-sex" },
      h("option", { value: "" }, "Theo số CCCD"),
      h("option", { value: "male" }, "Nam"),
      h("option", { value: "female" }, "Nữ"),
    ),
    birth_year: h("input", { id: "hf-birth", type: "number", min: 1900, max: 2100, value: x?.birth_year }),
    ethnicity: h("input", { id: "hf-ethnicity", value: x?.ethnicity || "Kinh" }),
    members: h("input", { id: "hf-members", type: "number", min: 1, max: 50, value: x?.members, required: true }),
    phone: h("input", { id: "hf-phone", type: "tel", inputmode: "tel", value: x?.phone }),
  };
  if (x) c.sex.value = x.sex;
  const village = villageSelect({ label: "Thôn", required: true });
  village.select.id = "hf-village";
  village.el.querySelector("label").htmlFor = "hf-village";
  const commune = communePicker({ label: "Xã", code: x?.commune_code, required: true, onChange: (code) => village.load(code).catch(() => {}) });
  if (x) village.load(x.commune_code, x.village_id).catch(() => {});
  c.village = village.select;
  const flagBoxes = Object.entries(FLAGS).map(([code, name]) => {
    const box = h("input", { type: "checkbox", value: code, id: `hf-flag-${code}`, checked: x?.flags.includes(code) });
    return h("label", { class: "check" }, box, " ", name);
  });
  const flags = h("fieldset", { class: "flags", id: "hf-flags" }, h("legend", {}, "Đối tượng chính sách"), flagBoxes);
  c.flags = flags;
  const msg = h("div", { "aria-live": "polite" });

  async function submit(ev) {
    ev.preventDefault();
    replace(msg);
    for (const ctl of Object.values(c)) ctl.removeAttribute("aria-invalid");
    const num = (s) => (s.trim() === "" ? null : Number(s));
    const body = {
      cccd: c.cccd.value.trim(),
      head_name: c.head_name.value.trim(),
      sex: c.sex.value || null,
      birth_year: num(c.birth_year.value),
      ethnicity: c.ethnicity.value.trim() || null,
      village_id: num(village.select.value),
      members: num(c.members.value),
      phone: c.phone.value.trim() || null,
      flags: [...flags.querySelectorAll("input:checked")].map((b) => b.value),
    };
    try {
      const saved = id ? await api.put(`households/${id}`, body) : await api.post("households", body);
      go(`/households/${saved.id}`, {}, id ? "Đã lưu thông tin hộ." : "Đã thêm hộ.");
    } catch (e) {
      replace(msg, problemBox(e, id ? "Chưa lưu được:" : "Chưa thêm được hộ:"));
      markFields(e.detail || "", c);
    }
  }

  replace(
    el,
    h("h2", {}, x ? `Sửa thông tin hộ ${x.head_name}` : "Thêm hộ gia đình"),
    h(
      "form",
      { class: "card", id: "household-form", novalidate: true, onsubmit: submit },
      h(
        "div",
        { class: "grid" },
        field("Số CCCD của chủ hộ", c.cccd, "12 chữ số."),
        field("Họ tên chủ hộ", c.head_name),
        field("Giới tính", c.sex),
        field("Năm sinh", c.birth_year, "Để trống: lấy theo số CCCD."),
        field("Dân tộc", c.ethnicity),
        field("Số nhân khẩu", c.members, "Từ 1 đến 50 người."),
        commune.el,
        village.el,
        field("Điện thoại", c.phone, "Di động 10 số, ví dụ 0912345678."),
      ),
      flags,
      msg,
      h(
        "p",
        { class: "actions" },
        h("button", { type: "submit", class: "btn btn-primary" }, x ? "Lưu" : "Thêm hộ"),
        h("a", { href: x ? `#/households/${x.id}` : "#/households", class: "btn" }, "Hủy"),
      ),
    ),
  );
}

function markFields(detail, controls) {
  for (const part of detail.split(/;\s+/))
    for (const [re, name] of FIELD_OF) if (re.test(part)) controls[name]?.setAttribute("aria-invalid", "true");
}
