/* The browser UI: files under web/ compiled into the binary (cmake/embed.cmake). */
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/router.h"
#include "base/embed.h"

extern const struct td_embedded td_web[];

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* A strong validator: FNV-1a over the bytes, so a rebuilt binary with the same file
 * keeps the browser's cached copy. */
static void make_etag(const struct td_embedded *e, char *out, size_t size)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < e->size; i++)
		h = (h ^ e->data[i]) * 1099511628211ULL;
	snprintf(out, size, "\"%016llx\"", (unsigned long long)h);
}

int route_static(struct api_request *req, struct api_response *res, struct td_error *err)
{
	const char *path = req->path[0] == '/' ? req->path + 1 : req->path;
	if (*path == '\0')
		path = "index.html";
	const struct td_embedded *e = embed_find(td_web, path);
	if (!e)
		return td_error_set(err, TD_ENOTFOUND, "no page at %s", req->path);

	make_etag(e, res->etag, sizeof res->etag);
	res->content_type = content_type(path);
	/* HTML must be revalidated so a new version shows at once; assets may be cached
	 * for an hour and are revalidated by ETag after that. */
	res->cache_control = strstr(path, ".html") ? "no-cache" : "public, max-age=3600";
	const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm && strcmp(inm, res->etag) == 0) {
		res->status = 304;
		res->body = (char *)"";
		res->body_len = 0;
		res->body_static = 1;
		return TD_OK;
	}
	res->status = 200;
	res->body = (char *)e->data;
	res->body_len = e->size;
	res->body_static = 1;
	return TD_OK;
}
