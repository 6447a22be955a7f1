/*
 * Error codes: one X-macro table (code, stable name, message, HTTP status).
 * Functions return an int code (TD_OK == 0) and fill a caller's struct td_error
 * with the detail a person needs ("row 17: citizen ID 0011234 has 7 digits, needs 12").
 */
#ifndef TD_BASE_ERROR_H
#define TD_BASE_ERROR_H

#include <stddef.h>

#define TD_ERRORS(X)                                                                   \
	X(OK, "ok", "thành công", 200)                                                 \
	X(EINVAL, "invalid", "dữ liệu không hợp lệ", 400)                             \
	X(EUSAGE, "usage", "sai cú pháp lệnh", 400)                                   \
	X(EOVERFLOW, "overflow", "số tiền vượt giới hạn tính toán", 422)               \
	X(ENOTFOUND, "not_found", "không tìm thấy", 404)                              \
	X(EMETHOD, "method_not_allowed", "phương thức không được hỗ trợ", 405)          \
	X(ECONFLICT, "conflict", "xung đột dữ liệu", 409)                              \
	X(EUNIQUE, "duplicate", "bản ghi đã tồn tại", 409)                             \
	X(EFOREIGN, "foreign_key", "tham chiếu tới bản ghi không tồn tại", 409)         \
	X(EIDEMPOTENCY, "idempotency_conflict", "khóa idempotency đã dùng cho yêu cầu khác", \
	  409)                                                                         \
	X(ERULE, "rule", "vi phạm quy định nghiệp vụ", 422)                             \
	X(EUNAUTH, "unauthenticated", "chưa đăng nhập", 401)                           \
	X(EFORBIDDEN, "forbidden", "không có quyền", 403)                              \
	X(ETOOBIG, "too_large", "dữ liệu quá lớn", 413)                                \
	X(EBUSY, "busy", "cơ sở dữ liệu đang bận", 503)                                \
	X(EDB, "database", "lỗi cơ sở dữ liệu", 500)                                   \
	X(ENOTDB, "not_a_database", "không phải cơ sở dữ liệu tindung", 500)           \
	X(ESCHEMA, "schema", "phiên bản lược đồ không khớp", 500)                       \
	X(ECONNECT, "connect", "không kết nối được cơ sở dữ liệu", 503)                 \
	X(EIO, "io", "lỗi đọc/ghi", 500)                                               \
	X(ENOMEM, "no_memory", "hết bộ nhớ", 500)                                      \
	X(EINTERNAL, "internal", "lỗi nội bộ", 500)

enum td_code {
#define TD_X(code, name, msg, status) TD_##code,
	TD_ERRORS(TD_X)
#undef TD_X
		TD_CODE_COUNT
};

#define TD_ERROR_MSG_MAX 512

struct td_error {
	int code;
	char msg[TD_ERROR_MSG_MAX];
};

/* Stable machine name ("not_found"), Vietnamese message, HTTP status for a code. */
const char *td_code_name(int code);
const char *td_code_message(int code);
int td_code_http_status(int code);

/* Fills err (if not NULL) and returns code, so callers can `return td_error_set(...)`. */
int td_error_set(struct td_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefixes the message already in err ("row 17: " + old message); returns err->code. */
int td_error_prefix(struct td_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void td_error_clear(struct td_error *err);

#endif
