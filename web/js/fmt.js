// How values look on screen: dates dd/mm/yyyy (ISO in the API), numbers with dots between
// thousands, and the Vietnamese names of the API's codes.

// "2025-03-01" -> "01/03/2025"; anything else is shown as it came ("" for null).
export function vnDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? "");
}

// "1/3/2025", "01/03/2025" or "2025-03-01" -> "2025-03-01"; null when it is not a real day.
export function isoDate(text) {
  const s = String(text || "").trim();
  let d, mo, y;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) [d, mo, y] = [+m[1], +m[2], +m[3]];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [y, mo, d] = [+m[1], +m[2], +m[3]];
  else return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

// Whole numbers (counts, đồng) with dots: 1234567 -> "1.234.567". Works on the digits, so
// a BigInt or a numeric string of any size is exact; money never goes through a float here.
export function fmtInt(n) {
  if (n === null || n === undefined || n === "") return "";
  const s = String(n);
  const m = /^(-?)(\d+)$/.exec(s);
  if (!m) return s;
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

// Amounts in đồng: "1.500.000 đ".
export function fmtMoney(n) {
  const s = fmtInt(n);
  return s === "" ? "" : `${s} đ`;
}

// Lowercase ASCII, as the server folds names for search: "Nguyễn Văn Á" -> "nguyen van a".
export function fold(s) {
  return String(s || "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

function label(table, code) {
  return code === null || code === undefined ? "" : (table[code] ?? code);
}

export const ROLES = {
  admin: "Quản trị viên",
  director: "Giám đốc",
  credit_officer: "Cán bộ tín dụng",
  teller: "Giao dịch viên, thủ quỹ",
  controller: "Kiểm soát viên",
  union_officer: "Cán bộ hội đoàn thể",
  group_leader: "Tổ trưởng tổ TK&VV",
  board: "Ban đại diện HĐQT",
  auditor: "Kiểm toán viên",
};
export const roleName = (c) => label(ROLES, c);

export const STAFF_ROLES = {
  director: "Giám đốc",
  credit_officer: "Cán bộ tín dụng",
  teller: "Thủ quỹ",
  controller: "Kiểm soát viên",
};
export const staffRoleName = (c) => label(STAFF_ROLES, c);

export const POVERTY = {
  poor: "Hộ nghèo",
  near_poor: "Hộ cận nghèo",
  newly_escaped: "Hộ mới thoát nghèo",
  none: "Hộ khác",
};
export const povertyName = (c) => (c === null || c === undefined ? "—" : label(POVERTY, c));

export const FLAGS = {
  ethnic_minority: "Dân tộc thiểu số",
  disabled: "Người khuyết tật",
  hard_area: "Vùng khó khăn",
  student: "Học sinh, sinh viên",
  worker_abroad: "Lao động đi làm việc ở nước ngoài",
  released_prisoner: "Người chấp hành xong án phạt tù",
  rural: "Nông thôn",
  social_housing: "Nhà ở xã hội",
};
export const flagName = (c) => label(FLAGS, c);

export const sexName = (c) => label({ male: "Nam", female: "Nữ" }, c);

export const OFFICE_KINDS = { head: "Hội sở chính", branch: "Chi nhánh", district: "Phòng giao dịch" };
export const officeKindName = (c) => label(OFFICE_KINDS, c);

export const ORGS = {
  women: "Hội Liên hiệp Phụ nữ",
  farmers: "Hội Nông dân",
  veterans: "Hội Cựu chiến binh",
  youth: "Đoàn Thanh niên",
};
export const orgName = (c) => label(ORGS, c);

export const levelName = (c) => label({ commune: "cấp xã", district: "cấp huyện", province: "cấp tỉnh" }, c);

export const memberRoleName = (c) => label({ leader: "Tổ trưởng", deputy: "Tổ phó", member: "Tổ viên" }, c);

export const leftReasonName = (c) =>
  label(
    { left: "rời tổ", role: "đổi vai trò", split: "tách tổ", merged: "sáp nhập tổ", closed: "giải thể tổ" },
    c,
  );
