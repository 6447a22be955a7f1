/*
 * Request parsing for the network routes (route_network.c): the JSON body with every wrong
 * field reported at once, ids in the path, query parameters. Dates are "YYYY-MM-DD".
 */
#ifndef TD_API_NET_PARAMS_H
#define TD_API_NET_PARAMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/http.h"
#include "bank/network.h"

/* The body as a JSON object; TD_EINVAL naming line and column when it does not parse. */
int net_body(struct api_request *req, json_t **out, struct td_error *err);

/* The id in path after prefix ("/api/v1/offices/" + "17" [+ "/merge"]). */
int net_path_id(const char *path, const char *prefix, int64_t *id, struct td_error *err);

/* Query parameters; absent ones leave *out as it is. */
int net_query_int(struct api_request *req, const char *name, int64_t *out, struct td_error *err);
int net_query_date(struct api_request *req, const char *name, td_date *out, struct td_error *err);
int net_query_page(struct api_request *req, struct net_page *page, struct td_error *err);

/* Reading the fields of a body: each wrong field is one problem in err ("; "-joined).
 * Absent and null fields leave the output as it is; *present (may be NULL) tells. */
struct net_fields {
	json_t *o;
	struct td_error *err;
	int count;
};
void net_fields_init(struct net_fields *f, json_t *o, const char *const *known,
		     struct td_error *err);
void net_field_text(struct net_fields *f, const char *key, const char **out);
void net_field_int(struct net_fields *f, const char *key, int64_t *out);
/* A whole number that fits an int comfortably (|v| <= 1,000,000): counts, days. */
void net_field_small_int(struct net_fields *f, const char *key, int *out, bool *present);
void net_field_bool(struct net_fields *f, const char *key, bool *out);
void net_field_date(struct net_fields *f, const char *key, td_date *out);
/* An array of strings into *out (malloc'd pointers into o; free(*out)). */
void net_field_strings(struct net_fields *f, const char *key, const char ***out, size_t *n,
		       bool *present);
/* An array of positive ids into *out (malloc'd; free(*out)). */
void net_field_ids(struct net_fields *f, const char *key, int64_t **out, size_t *n);
/* An object of whole numbers named names[0..n) (absent or null ones stay 0). */
void net_field_ints(struct net_fields *f, const char *key, const char *const *names, int64_t *out,
		    size_t n, bool *present);
bool net_field_present(struct net_fields *f, const char *key);
/* A problem when the field is absent or null. */
void net_field_required(struct net_fields *f, const char *key);
/* TD_OK, or TD_EINVAL with every problem. */
int net_fields_end(struct net_fields *f);

#endif
