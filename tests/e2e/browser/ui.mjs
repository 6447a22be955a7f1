// The browser scenario of tests/e2e/browser.sh: a person uses the web UI of issue 4.
// Environment: BASE (the server, ending in "/"), SHOTS (a folder for screenshots),
// CSV_2025 (next year's poverty list), CHROMIUM, ADMIN_PW, HOA_PW.
// Every wait is at most 10 s; a missing element fails with the step and what was expected.
import { chromium } from "playwright-core";

const WAIT = 10_000;
const env = (k) => {
  if (!process.env[k]) throw new Error(`environment variable ${k} is not set`);
  return process.env[k];
};
const BASE = env("BASE");
const SHOTS = env("SHOTS");

let step = "start";
let page;
const pageErrors = [];

// Waits for the first match of locator to be visible, or fails naming what was expected.
async function see(locator, what) {
  try {
    await locator.first().waitFor({ state: "visible", timeout: WAIT });
  } catch {
    throw new Error(`step "${step}": ${what} did not appear (looked for ${locator})`);
  }
  return locator.first();
}

async function gone(locator, what) {
  try {
    await locator.first().waitFor({ state: "detached", timeout: WAIT });
  } catch {
    throw new Error(`step "${step}": ${what} is still on the page (${locator})`);
  }
}

// Waits until a <select> offers an option with that text (options are not "visible").
async function offers(select, text, what) {
  try {
    await page.waitForFunction(
      ([sel, t]) => [...document.querySelectorAll(`${sel} option`)].some((o) => o.textContent.includes(t)),
      [select, text],
      { timeout: WAIT },
    );
  } catch {
    throw new Error(`step "${step}": ${what} did not appear (no option "${text}" in ${select})`);
  }
}

async function shot(name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const alert = (text) => page.getByRole("alert").filter({ hasText: text });
const heading = (name) => page.getByRole("heading", { name, level: 2, exact: true });
const row = (text) => page.locator("tr", { hasText: text });

// Clicks and waits for the API's answer to `path` (the page updates after it).
async function clickFor(path, locator) {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(path), { timeout: WAIT });
  await locator.click();
  return answer;
}

async function pickCommune(combobox, typed, option) {
  await combobox.fill(typed);
  await (await see(page.getByRole("option", { name: option }), `the commune suggestion "${option}"`)).click();
}

async function signIn(user, password) {
  await page.getByLabel("Tên đăng nhập").fill(user);
  await page.getByLabel("Mật khẩu").fill(password);
  return clickFor("/api/v1/login", page.getByRole("button", { name: "Đăng nhập" }));
}

async function scenario() {
  step = "open the page";
  await page.goto(BASE);
  await see(heading("Đăng nhập"), "the sign-in form");
  await see(page.locator("#status-line", { hasText: "ngày làm việc 01/01/2025" }), "the status line with the business date");

  step = "wrong password";
  await signIn("admin", "khong-phai-mat-khau");
  await see(alert("Sai tên đăng nhập hoặc mật khẩu."), "the wrong-password message");
  await see(alert("wrong username or password"), "the server's detail of the refusal");

  step = "lock-out after five wrong passwords";
  for (let i = 0; i < 5; i++) await signIn("hoa.lt", `sai-mat-khau-${i}`);
  await see(alert("Tài khoản đã bị tạm khóa"), "the lock-out message on the fifth failure");
  await see(alert("locked for 15 minutes"), "the lock-out's duration");
  await signIn("hoa.lt", env("HOA_PW"));
  await see(alert("try again in 15 minutes"), "the refusal of the right password while locked");
  await shot("01-lockout");

  step = "sign in";
  await signIn("admin", env("ADMIN_PW"));
  await see(page.locator("#who-name", { hasText: "Trần Quản Trị" }), "the user's name in the header");
  await see(page.locator("#who-role", { hasText: "Quản trị viên" }), "the user's role in the header");
  await see(page.locator("#who-office", { hasText: "Hội sở chính (HSC)" }), "the user's office in the header");
  await see(heading("Hộ gia đình"), "the households page after signing in");

  step = "search without diacritics";
  await page.getByLabel("Họ tên chủ hộ").fill("nguyen");
  await page.getByLabel("Họ tên chủ hộ").press("Enter");
  await see(page.getByRole("heading", { name: "Kết quả: 2 hộ" }), "two households named Nguyễn");
  await see(page.getByRole("link", { name: "Nguyễn Văn Hùng" }), "Nguyễn Văn Hùng in the results");
  await see(page.getByRole("link", { name: "Nguyễn Thị Thu" }), "Nguyễn Thị Thu in the results");
  await gone(page.getByRole("link", { name: "Bùi Văn Long" }), "a household not named Nguyễn");
  await shot("02-households");

  step = "household detail";
  await page.getByRole("link", { name: "Nguyễn Văn Hùng" }).click();
  await see(heading("Nguyễn Văn Hùng"), "the household's page");
  await see(page.locator("dd", { hasText: "031058000127" }), "the citizen ID");
  await see(row("2024").filter({ hasText: "Hộ nghèo" }), "the status history: poor in 2024");
  await see(page.getByRole("link", { name: "Tổ TK&VV Thôn Đông (TK01)" }), "the household's group");
  await shot("03-household");

  step = "add a household: the server's validation errors";
  await page.getByRole("link", { name: "Hộ gia đình" }).click();
  await page.getByRole("link", { name: "+ Thêm hộ" }).click();
  await see(heading("Thêm hộ gia đình"), "the form to add a household");
  await page.getByLabel("Số CCCD của chủ hộ").fill("0311");
  await page.getByLabel("Họ tên chủ hộ").fill("Đào Văn Xuân 2");
  await page.getByLabel("Số nhân khẩu").fill("0");
  await pickCommune(page.getByRole("combobox", { name: "Xã" }), "dong phuong", "Xã Đông Phương (11695)");
  await offers("#hf-village:enabled", "Thôn Đông", "the villages of the commune");
  await page.locator("#hf-village").selectOption({ label: "Thôn Đông" });
  await clickFor("/api/v1/households", page.getByRole("button", { name: "Thêm hộ" }));
  await see(alert("citizen ID 0311 has 4 digits, needs 12"), "the citizen ID problem");
  await see(alert("members 0 is outside 1..50"), "the members problem, in the same answer");
  await see(page.locator("#hf-cccd[aria-invalid=true]"), "the citizen ID field marked invalid");
  await shot("04-household-errors");

  step = "add a household";
  await page.getByLabel("Số CCCD của chủ hộ").fill("031093001357");
  await page.getByLabel("Họ tên chủ hộ").fill("Đào Văn Xuân");
  await page.getByLabel("Số nhân khẩu").fill("3");
  await clickFor("/api/v1/households", page.getByRole("button", { name: "Thêm hộ" }));
  await see(heading("Đào Văn Xuân"), "the new household's page");
  await see(page.getByRole("status").filter({ hasText: "Đã thêm hộ." }), "the confirmation");

  step = "poverty list: dry run";
  await page.getByRole("link", { name: "Nhập danh sách hộ nghèo" }).click();
  await see(heading("Nhập danh sách hộ nghèo, cận nghèo"), "the import page");
  await page.locator("#pi-file").setInputFiles(env("CSV_2025"));
  await pickCommune(page.getByRole("combobox", { name: "Xã" }), "11695", "Xã Đông Phương (11695)");
  await page.getByLabel("Năm của danh sách").fill("2025");
  if (!(await page.getByLabel("Chạy thử: chỉ đối chiếu, chưa ghi gì").isChecked()))
    throw new Error(`step "${step}": the dry-run box is not ticked by default`);
  await clickFor("/api/v1/poverty-imports", page.getByRole("button", { name: "Kiểm tra danh sách" }));
  await see(page.getByRole("heading", { name: "Kết quả đối chiếu — chạy thử, chưa ghi gì" }), "the reconciliation");
  for (const [what, n] of [["Số dòng đọc", 15], ["Hộ mới", 1], ["Không đổi", 12], ["Đổi phân loại", 1], ["Ra khỏi danh sách", 1], ["Bị từ chối", 1]])
    await see(
      page.locator("#pi-result tr", { has: page.locator("td", { hasText: new RegExp(`^${what}$`) }) }).locator("td.num", { hasText: new RegExp(`^${n}$`) }),
      `the count "${what}: ${n}"`,
    );
  await see(row("Nguyễn Văn Hùng").filter({ hasText: "Hộ nghèo (2024)" }).filter({ hasText: "Hộ cận nghèo" }), "the status change of Nguyễn Văn Hùng");
  await see(row("Lê Văn Tuấn"), "the household that left the list");
  await see(row("citizen ID 03108800700 has 11 digits, needs 12").filter({ hasText: "16" }), "the rejected line 16 and its reason");
  await see(page.getByText("1–1 trên 1 lần nhập"), "the journal with only the first import (a dry run writes nothing)");
  await shot("05-poverty-dry-run");

  step = "poverty list: import for real";
  await clickFor("/api/v1/poverty-imports", page.getByRole("button", { name: "Nhập thật danh sách này" }));
  await see(page.getByRole("heading", { name: "Đã nhập danh sách — lần nhập số 2" }), "the result of the real import");
  await see(page.getByText("1–2 trên 2 lần nhập"), "the journal with the new import");

  step = "offices tree";
  await page.getByRole("link", { name: "Mạng lưới" }).click();
  await see(heading("Mạng lưới ngày 01/01/2025"), "the network page");
  await see(page.locator("#office-tree li[data-code=HSC] li[data-code=CN31] li[data-code=PGD314]", { hasText: "Phòng giao dịch NHCSXH huyện Kiến Thuỵ" }), "PGD314 under CN31 under the head office");
  await see(row("DGD11695").filter({ hasText: "Tổ trưởng: Nguyễn Thị Lan" }), "the commune point and its team");
  await see(row("Trần Văn Bình").filter({ hasText: "Thủ quỹ" }), "the staff list");
  await shot("06-network");
  await page.getByLabel("Xem mạng lưới tại ngày").fill("01/01/2020");
  await page.getByRole("button", { name: "Xem" }).click();
  await see(heading("Mạng lưới ngày 01/01/2020"), "the network of 2020");
  await see(page.locator("#office-tree li[data-code=HSC]"), "the head office in 2020");
  await gone(page.locator("#office-tree li[data-code=CN31]"), "the branch opened in 2025, in the tree of 2020");

  step = "group and its members";
  await page.getByRole("link", { name: "Tổ TK&VV", exact: true }).click();
  await page.getByRole("link", { name: "Tổ TK&VV Thôn Đông" }).click();
  await see(heading("Tổ TK&VV Thôn Đông (TK01)"), "the group's page");
  await see(row("Nguyễn Văn Hùng").locator(".badge", { hasText: "Tổ trưởng" }), "the leader marked");
  await see(row("Phạm Thị Lan").locator(".badge", { hasText: "Tổ phó" }), "the deputy marked");

  step = "session ended: sign in again, back to the page";
  await page.context().clearCookies();
  await page.getByRole("link", { name: "Người dùng" }).click();
  await see(alert("Phiên làm việc đã kết thúc"), "the message that the session ended");
  await signIn("admin", env("ADMIN_PW"));
  await see(heading("Người dùng"), "the users page after signing in again");

  step = "users";
  await see(row("hoa.lt").filter({ hasText: "Tạm khóa đến" }), "the locked-out user in the list");
  await page.getByRole("link", { name: "+ Thêm người dùng" }).click();
  await page.getByLabel("Tên đăng nhập").fill("lan.nt");
  await page.getByLabel("Họ tên").fill("Nguyễn Thị Lan");
  await page.getByLabel("Vai trò").selectOption("credit_officer");
  await offers("#uf-office", "PGD314", "the offices to choose from");
  await page.getByLabel("Đơn vị").selectOption({ label: "\u00a0\u00a0\u00a0\u00a0Phòng giao dịch NHCSXH huyện Kiến Thuỵ (PGD314)" });
  await page.getByLabel("Mật khẩu", { exact: true }).fill("matkhau-lan-0001");
  await page.getByLabel("Nhập lại mật khẩu").fill("matkhau-lan-0001");
  await clickFor("/api/v1/users", page.getByRole("button", { name: "Thêm người dùng" }));
  await see(page.getByRole("status").filter({ hasText: "Đã thêm người dùng lan.nt" }), "the new user's confirmation");

  step = "sign out";
  await clickFor("/api/v1/logout", page.getByRole("button", { name: "Đăng xuất" }));
  await see(heading("Đăng nhập"), "the sign-in form after signing out");
  await see(page.getByRole("status").filter({ hasText: "Đã đăng xuất." }), "the sign-out confirmation");
  const status = await page.evaluate(async () => (await fetch("api/v1/me")).status);
  if (status !== 401) throw new Error(`step "${step}": GET /api/v1/me answers ${status} after signing out, not 401`);
  await page.goto(BASE + "#/households");
  await see(heading("Đăng nhập"), "the sign-in form instead of the households");
}

const browser = await chromium.launch({
  executablePath: env("CHROMIUM"),
  headless: true,
  timeout: WAIT,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failed = null;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on("pageerror", (e) => pageErrors.push(`${step}: ${e.message}`));
  page.on("console", (m) => {
    // A refused request (401 at sign-in, 4xx on a form) is logged by Chromium; not a defect.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) pageErrors.push(`${step}: console: ${m.text()}`);
  });
  await scenario();
  if (pageErrors.length) throw new Error(`script errors on the page:\n  ${pageErrors.join("\n  ")}`);
} catch (e) {
  failed = e;
  if (page) await shot("failure").catch(() => {});
} finally {
  await browser.close();
}
if (failed) {
  console.error(`FAIL: ${failed.message}`);
  process.exit(1);
}
console.log(`ok - browser scenario; screenshots in ${SHOTS}`);
