#include "cli/keyed.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bank/audit.h"
#include "bank/idempotency.h"
#include "base/buf.h"
#include "cli/canon.h"
#include "cli/options.h"

/* What a keyed command may print: it is kept with the key, to print again. */
#define OUTPUT_MAX (16u << 20)
#define TARGET_MAX (64u << 10)
#define ERRORS_MAX (64u << 10)

/* One command per process: the state of its keyed run, one attempt at a time. */
static struct {
	const char *key;	  /* NULL: no --key */
	char cmd[64];		  /* the command's label for our own lines */
	struct td_store *store;	  /* the command's store, retained */
	bool begun;		  /* the keyed transaction is open (keyed_begin) */
	bool replay;		  /* the key answered: first holds the answer */
	struct idem_request req;  /* what is asked, and by whom */
	struct buf target;	  /* req.target */
	struct idem_answer first; /* the first run's output, for a replay */
	int64_t audit_before;	  /* the newest audit record when the transaction began */
	int last_code;		  /* of the last error line held */
	struct buf errors;	  /* the command's error lines, held until the outcome */
} k;

bool keyed_active(void)
{
	return k.key != NULL;
}

/* "tindung CMD: ..." on stderr, never held. */
static int say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tindung %s: ", k.cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return CLI_ERROR;
}

int keyed_store(const char *cmd, struct td_store *s)
{
	if (!k.key)
		return CLI_OK;
	if (k.store) {
		store_close(s);
		return cli_failf(cmd, "--key: một lệnh có khóa chỉ mở một cơ sở dữ liệu");
	}
	store_retain(s);
	k.store = s;
	return CLI_OK;
}

/* The request of this run: who, which key, and the command in canonical form. */
static int request_make(const struct td_actor *actor, struct td_error *err)
{
	buf_init(&k.target, TARGET_MAX);
	if (canon_text(&k.target) != TD_OK)
		return td_error_set(err, TD_ETOOBIG, "lệnh quá dài để giữ với khóa");
	k.req = (struct idem_request){.user_id = actor->user_id,
				      .key = k.key,
				      .method = "tindung",
				      .target = buf_str(&k.target),
				      .now = (int64_t)time(NULL)};
	idem_request_hash(&k.req, NULL, 0);
	return TD_OK;
}

static int begin(struct td_store *s, const struct td_actor *actor, struct td_error *err)
{
	int rc = request_make(actor, err);
	if (rc == TD_OK)
		rc = store_begin(s, err);
	if (rc != TD_OK)
		return rc;
	rc = idem_begin(s, &k.req, &k.replay, &k.first, err);
	if (rc == TD_OK && !k.replay)
		rc = audit_last_id(s, &k.audit_before, err);
	if (rc != TD_OK || k.replay)
		store_rollback(s);
	k.begun = rc == TD_OK && !k.replay;
	return rc;
}

int keyed_begin(const char *cmd, struct td_store *s, const struct td_actor *actor,
		struct td_ctx *ctx)
{
	if (!k.key)
		return CLI_OK;
	snprintf(k.cmd, sizeof k.cmd, "%s", cmd); /* the command's copy may not outlive it */
	if (s != k.store)
		return cli_failf(cmd, "--key: lệnh dùng cơ sở dữ liệu không mở qua cli_open_db");
	struct td_error err = {0};
	if (!k.begun) {
		if (begin(s, actor, &err) != TD_OK)
			return cli_fail(cmd, &err);
		if (k.replay)
			return CLI_ERROR; /* keyed_main prints the first output */
	} else if (actor->user_id != k.req.user_id) {
		return cli_failf(cmd, "--key: một lệnh có khóa chỉ làm cho một người dùng");
	}
	ctx->tx_depth = 1; /* the use cases join the keyed transaction */
	ctx->idem_key = k.key;
	return CLI_OK;
}

void keyed_parsed(char **argv, int argc, const struct option *o, const char *value)
{
	if (k.key)
		canon_parsed(argv, argc, o, value);
}

bool keyed_hold_error(int code, const char *line)
{
	if (!k.key)
		return false;
	if (buf_append_str(&k.errors, line) != TD_OK)
		fputs(line, stderr); /* too many to hold: better early than never */
	k.last_code = code;
	return true;
}

/* The command's stdout, as it will be kept and printed. */
static int output_read(FILE *out, struct idem_answer *a, struct td_error *err)
{
	long n = fseek(out, 0, SEEK_END) == 0 ? ftell(out) : -1;
	if (n < 0 || (unsigned long)n > OUTPUT_MAX)
		return td_error_set(err, TD_ETOOBIG,
				    "kết quả của lệnh quá lớn để giữ với khóa (quá %u byte)",
				    OUTPUT_MAX);
	a->body = malloc((size_t)n + 1);
	if (!a->body)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	rewind(out);
	a->len = fread(a->body, 1, (size_t)n, out);
	a->body[a->len] = '\0';
	if (a->len != (size_t)n || memchr(a->body, '\0', a->len))
		return td_error_set(err, TD_EIO, "không đọc lại được kết quả của lệnh");
	return TD_OK;
}

/* TD_OK with *wrote: whether the run, still in its transaction, recorded an audit record. */
static int run_wrote(bool *wrote, struct td_error *err)
{
	int64_t now = 0;
	*wrote = false;
	if (!store_in_transaction(k.store)) /* a use case rolled back its own work (a dry run) */
		return TD_OK;
	int rc = audit_last_id(k.store, &now, err);
	*wrote = rc == TD_OK && now != k.audit_before;
	return rc;
}

/* The command succeeded in its transaction: keep its output with the key and commit. */
static int commit(FILE *out, struct idem_answer *a, bool *nothing, struct td_error *err)
{
	bool wrote = false;
	int rc = run_wrote(&wrote, err);
	*nothing = rc == TD_OK && !wrote;
	if (rc == TD_OK && wrote)
		rc = output_read(out, a, err);
	if (rc == TD_OK && wrote)
		rc = idem_remember(k.store, &k.req, a, err);
	if (rc == TD_OK && wrote)
		return store_commit(k.store, err);
	store_rollback(k.store);
	return rc;
}

/* After the command ran: its exit status, or *again when it should run again. */
static int finish(int rc, FILE *out, bool last, bool *again)
{
	*again = false;
	if (k.replay) {
		say("khóa '%s' đã chạy đúng lệnh này trước đây: không ghi lại, in lại kết quả "
		    "lần đầu",
		    k.key);
		fwrite(k.first.body, 1, k.first.len, stdout);
		return CLI_OK;
	}
	if (!k.begun || rc != CLI_OK) {
		if (k.store)
			store_rollback(k.store);
		*again = k.begun && !last && idem_retry(k.last_code);
		if (!*again)
			fputs(buf_str(&k.errors), stderr);
		if (k.begun || rc != CLI_OK)
			return rc;
		return say("--key chỉ dùng cho lệnh ghi dữ liệu; lệnh này không ghi gì nên không "
			   "nhận --key");
	}
	struct td_error err = {0};
	struct idem_answer a = {0};
	bool nothing = false;
	int code = commit(out, &a, &nothing, &err);
	*again = code != TD_OK && !last && idem_retry(code);
	if (code == TD_OK && !nothing)
		fwrite(a.body, 1, a.len, stdout);
	idem_answer_free(&a);
	if (*again)
		return CLI_ERROR;
	fputs(buf_str(&k.errors), stderr);
	if (nothing)
		return say("--key chỉ dùng cho lệnh ghi dữ liệu; lần chạy này không ghi gì (lệnh "
			   "chỉ đọc, chạy thử, hoặc việc đã làm trước đây): chạy lại không có --key");
	return code == TD_OK ? CLI_OK : say("%s", err.msg);
}

static void state_reset(const char *key, const char *cmd)
{
	buf_free(&k.target);
	buf_free(&k.errors);
	idem_answer_free(&k.first);
	memset(&k, 0, sizeof k);
	k.key = key;
	snprintf(k.cmd, sizeof k.cmd, "%s", cmd ? cmd : "");
	buf_init(&k.errors, ERRORS_MAX);
}

/* One run of the command with its stdout in a temporary file. */
static int attempt(const struct cli_command *c, const char *key, char **args, int n, bool last,
		   bool *again)
{
	char **copy = malloc(((size_t)n + 1) * sizeof *copy);
	FILE *out = copy ? tmpfile() : NULL;
	if (!out) {
		free(copy);
		*again = false;
		return cli_failf(c->name, "--key: không tạo được tệp tạm để giữ kết quả");
	}
	memcpy(copy, args, ((size_t)n + 1) * sizeof *copy);
	state_reset(key, c->name);
	canon_reset(copy, n);
	cli_getopt_reset();
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	if (saved < 0 || dup2(fileno(out), STDOUT_FILENO) < 0) {
		fclose(out);
		free(copy);
		*again = false;
		return cli_failf(c->name, "--key: không chuyển được đầu ra của lệnh vào tệp tạm");
	}
	int rc = c->run(n - 1, copy + 1);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rc = finish(rc, out, last, again);
	if (k.store)
		store_close(k.store); /* the reference keyed_store took */
	state_reset(NULL, NULL);
	canon_reset(NULL, 0);
	fclose(out);
	free(copy);
	return rc;
}

/* args: argv without --key; *key its value (NULL when absent). */
static int take_key(const char *cmd, int argc, char **argv, char **args, int *n,
		    const char **key)
{
	int m = 0, seen = 0;
	bool options = true;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		options = options && strcmp(a, "--") != 0;
		if (i < 2 || !options || strncmp(a, "--key", 5) != 0 || (a[5] && a[5] != '=')) {
			args[m++] = argv[i];
			continue;
		}
		if (!a[5] && i + 1 == argc)
			return cli_failf(cmd, "tùy chọn '--key' cần một giá trị");
		*key = a[5] ? a + 6 : argv[++i];
		seen++;
	}
	args[m] = NULL;
	*n = m;
	if (seen > 1)
		return cli_failf(cmd, "--key chỉ được cho một lần");
	return CLI_OK;
}

int keyed_main(const struct cli_command *c, int argc, char **argv)
{
	char **args = malloc(((size_t)argc + 1) * sizeof *args);
	if (!args)
		return cli_failf(c->name, "out of memory");
	const char *key = NULL;
	int n = 0, rc = take_key(c->name, argc, argv, args, &n, &key);
	struct td_error err = {0};
	if (rc != CLI_OK || !key || cli_wants_help(n - 1, args + 1)) {
		rc = rc != CLI_OK ? rc : c->run(n - 1, args + 1);
	} else if (c->no_key) {
		rc = cli_failf(c->name, "không nhận --key: %s", c->no_key);
	} else if (idem_key_check(key, CLI_KEY_MAX, &err) != TD_OK) {
		rc = cli_failf(c->name, "--key: %s", err.msg);
	} else {
		bool again = true;
		for (int i = 0; again && i < IDEM_ATTEMPTS; i++)
			rc = attempt(c, key, args, n, i == IDEM_ATTEMPTS - 1, &again);
	}
	free(args);
	return rc;
}
