#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/org_util.h"
#include "cli/keyed.h"

/* Why some commands refuse --key (cli/keyed.h); every other command takes it (no_key is
 * left out: NULL). */
#define READ_ONLY "lệnh chỉ đọc, không ghi gì để bảo vệ bằng khóa"

static const struct cli_command commands[] = {
	{"application", "hồ sơ vay: nộp đơn, bình xét, xác nhận, thẩm định, phê duyệt, 04/TD",
	 cmd_application},
	{"audit", "nhật ký kiểm toán: kiểm tra chuỗi băm, xem bản ghi", cmd_audit, READ_ONLY},
	{"calc", "máy tính khoản vay: số tiền bằng chữ, CCCD, lịch trả nợ, lãi...", cmd_calc,
	 READ_ONLY},
	{"capital", "nguồn vốn: thêm, xem, vốn về, hoàn trả", cmd_capital},
	{"chapter", "hội đoàn thể: chi hội các cấp, hợp đồng ủy thác", cmd_chapter},
	{"calendar", "lịch làm việc: ngày nghỉ lễ, Tết, ngày làm bù", cmd_calendar},
	{"cash", "quỹ tiền mặt: nộp, nhận tiền, tồn quỹ theo ngày, hạn mức tồn quỹ", cmd_cash},
	{"check", "kiểm tra sổ sách: bút toán cân, số dư, nguồn vốn", cmd_check, READ_ONLY},
	{"commune-session", "phiên giao dịch xã: mở, danh sách 13/TD, ghi thu chi, đóng phiên",
	 cmd_csession},
	{"demo", "dựng phòng giao dịch mẫu (huyện Kiến Thuỵ, 3 năm hoạt động) để xem thử",
	 cmd_demo,
	 "dựng cả một huyện qua hàng nghìn giao dịch và tự từ chối cơ sở dữ liệu đã có dữ liệu, "
	 "nên chạy lại không ghi gì thêm"},
	{"eod", "cuối ngày: chuyển ngày làm việc, chuyển nợ đến hạn, quá hạn, gắn cờ", cmd_eod},
	{"fee-payout", "trả phí ủy thác cấp huyện, tỉnh, trung ương của một tháng",
	 cmd_fee_payout},
	{"group", "tổ TK&VV: thành lập, thành viên, chuyển, tách, sáp nhập", cmd_group},
	{"household", "hộ gia đình: thêm, xem, tìm (không cần dấu)", cmd_household},
	{"import", "nạp tệp danh mục từ bên ngoài (xem tindung import --help)", cmd_import},
	{"init", "tạo cơ sở dữ liệu mới và áp dụng lược đồ", cmd_init,
	 "init tự từ chối cơ sở dữ liệu đã có, nên chạy lại không tạo gì thêm"},
	{"ledger", "sổ cái: bảng cân đối tài khoản, bút toán, hệ thống tài khoản", cmd_ledger,
	 READ_ONLY},
	{"loan", "khoản vay: giải ngân, thu nợ, lịch trả nợ, dư nợ", cmd_loan},
	{"migrate", "nâng cấp lược đồ cơ sở dữ liệu", cmd_migrate,
	 "migrate chỉ áp dụng các bản nâng cấp còn thiếu, chạy lại không làm gì thêm"},
	{"month-end", "cuối tháng: trích phí ủy thác theo hội, hoa hồng tổ trưởng",
	 cmd_month_end},
	{"office", "mạng lưới: cây đơn vị NHCSXH, đổi tên, sáp nhập theo ngày", cmd_office},
	{"param", "tham số theo ngày hiệu lực: phí ủy thác, hoa hồng, tiết kiệm, chấm điểm tổ",
	 cmd_param},
	{"point", "điểm giao dịch xã: xã phục vụ, ngày giao dịch, tổ giao dịch", cmd_point},
	{"programme", "chương trình cho vay: hạn mức, thời hạn, lãi suất theo ngày hiệu lực",
	 cmd_programme},
	{"routes", "in bảng định tuyến API", cmd_routes, READ_ONLY},
	{"savings", "tiết kiệm tổ viên: mở sổ, gửi, rút, trả lãi, lãi suất", cmd_savings},
	{"serve", "chạy máy chủ web và API", cmd_serve,
	 "máy chủ tự nó không ghi gì; mỗi yêu cầu ghi qua API mang khóa riêng (Idempotency-Key)"},
	{"staff", "nhân viên: cán bộ tín dụng, thủ quỹ, kiểm soát, giám đốc", cmd_staff},
	{"user", "người dùng: thêm, đặt mật khẩu, khóa, mở khóa, liệt kê", cmd_user},
	{"version", "in phiên bản", cmd_version, READ_ONLY},
	{"village", "thôn/ấp: thêm, liệt kê theo xã", cmd_village},
	{"worklist", "việc của cán bộ tín dụng: nợ không hoạt động, quá hạn theo tuổi, đến hạn",
	 cmd_worklist, READ_ONLY},
	{NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "Cách dùng: tindung LỆNH [tùy chọn]   (tindung LỆNH --help để xem chi tiết)\n\n"
		   "Các lệnh:\n");
	for (const struct cli_command *c = commands; c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	fprintf(f, "\nCơ sở dữ liệu: --db URL, hoặc biến TINDUNG_DB, mặc định var/tindung.db\n"
		   "  (đường dẫn tệp SQLite, sqlite:ĐƯỜNG_DẪN, hoặc postgres://...)\n"
		   "Lệnh ghi nhận --key KHÓA (1..128 byte): chạy lại với cùng khóa và cùng lệnh\n"
		   "  thì không ghi thêm gì và in lại kết quả lần đầu; cùng khóa cho lệnh khác bị\n"
		   "  từ chối. Lệnh chỉ đọc không nhận --key.\n");
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_ERROR;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(name, "--version") == 0)
		return cmd_version(1, argv + 1);
	for (const struct cli_command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return keyed_main(c, argc, argv);
	fprintf(stderr, "tindung: không có lệnh '%s' (xem tindung --help)\n",
		name);
	return CLI_ERROR;
}

const char *cli_db_url(const char *opt)
{
	if (opt && *opt)
		return opt;
	const char *env = getenv("TINDUNG_DB");
	if (env && *env)
		return env;
	return "var/tindung.db";
}

/* One error line; a keyed run holds it until it knows the outcome (cli/keyed.h). */
__attribute__((format(printf, 3, 0))) static int fail_line(int code, const char *cmd,
							     const char *fmt, va_list ap)
{
	char line[TD_ERROR_MSG_MAX + 128];
	int n = snprintf(line, sizeof line, "tindung %s: ", cmd);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	strcat(line, "\n");
	if (!keyed_hold_error(code, line))
		fputs(line, stderr);
	return CLI_ERROR;
}

__attribute__((format(printf, 3, 4))) static int fail_code(int code, const char *cmd,
							     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = fail_line(code, cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_fail(const char *cmd, const struct td_error *err)
{
	return fail_code(err->code, cmd, "%s", err->msg[0] ? err->msg : td_code_message(err->code));
}

int cli_failf(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = fail_line(0, cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_office_id(const char *cmd, struct td_store *s, const char *office, int64_t *id)
{
	if (!office)
		return cli_failf(cmd, "--office is missing (mã đơn vị, ví dụ PGD318)");
	struct td_error err = {0};
	int rc = org_query_int64(s, id, &err,
				 "SELECT id FROM office WHERE code = ? OR CAST(id AS TEXT) = ? "
				 "ORDER BY id",
				 "tt", office, office);
	if (rc == TD_ENOTFOUND)
		return cli_failf(cmd, "office '%s' does not exist", office);
	return rc == TD_OK ? CLI_OK : cli_fail(cmd, &err);
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}
