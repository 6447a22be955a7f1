#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *msg;
	int status;
} table[] = {
#define TD_X(code, name, msg, status) {name, msg, status},
	TD_ERRORS(TD_X)
#undef TD_X
};

static int valid(int code) { return code >= 0 && code < TD_CODE_COUNT; }

const char *td_code_name(int code) { return valid(code) ? table[code].name : "unknown"; }
const char *td_code_message(int code) { return valid(code) ? table[code].msg : "lỗi không xác định"; }
int td_code_http_status(int code) { return valid(code) ? table[code].status : 500; }

int td_error_set(struct td_error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int td_error_prefix(struct td_error *err, const char *fmt, ...)
{
	char old[TD_ERROR_MSG_MAX];
	memcpy(old, err->msg, sizeof old);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof err->msg)
		strncat(err->msg, old, sizeof err->msg - (size_t)n - 1);
	return err->code;
}

void td_error_clear(struct td_error *err)
{
	err->code = TD_OK;
	err->msg[0] = '\0';
}
