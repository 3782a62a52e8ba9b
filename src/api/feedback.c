/* Qualitative feedback records (docs/SATISFACTION.md): focus groups, site
 * visits, mystery shopping and free comments, each tagged by theme so the
 * themes can be counted beside the scores. The generic resource. */
#include "api/surveys.h"

static const char *const feedback_kinds[] = {"focus_group", "site_visit", "mystery_shopping", "free_comment", NULL};
static const char *const feedback_read_only[] = {"id",         "account_name", "recorded_by_id", "recorded_by_name",
                                                 "created_at", "updated_at",   "version",        NULL};
static const FieldSpec feedback_fields[] = {
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, feedback_kinds, NULL},
    {"account_id", FIELD_REF, 0, 0, 0, NULL, &store_accounts},
    {"survey_response_id", FIELD_REF, 0, 0, 0, NULL, &store_survey_responses},
    {"occurred_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"title", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL},
    {"summary", FIELD_TEXT, FIELD_REQUIRED, 1, 20000, NULL, NULL},
    {"themes", FIELD_TAGS, FIELD_REQUIRED, 0, 10, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* A record needs at least one theme, and an answer it quotes must be the account's. */
static int feedback_check(Request *req, const json_t *record, Error *err) {
  static const AccountLink links[] = {{"survey_response_id", &store_survey_responses}};
  if (json_array_size(json_object_get(record, "themes")) == 0)
    error_field(err, "themes", "must name at least one theme");
  if (json_is_integer(json_object_get(record, "survey_response_id")) &&
      !json_is_integer(json_object_get(record, "account_id")))
    error_field(err, "account_id", "is required with survey_response_id");
  else resource_check_account_links(req, record, links, 1, err);
  return error_has_fields(err) ? -1 : 0;
}

/* Who recorded it: the one who created it. */
static void feedback_derive(Request *req, const json_t *before, json_t *record) {
  if (!before) json_object_set_new(record, "recorded_by_id", json_integer(req->user.id));
}

const ResourceDef feedback_resource = {
    .table = &store_feedback_records,
    .path = "/api/v1/feedback",
    .fields = feedback_fields,
    .read_only = feedback_read_only,
    .check = feedback_check,
    .derive = feedback_derive,
};

int feedback_create(Request *req, Response *res, Error *err) { return resource_create(&feedback_resource, req, res, err); }
int feedback_get(Request *req, Response *res, Error *err) { return resource_get(&feedback_resource, req, res, err); }
int feedback_patch(Request *req, Response *res, Error *err) { return resource_patch(&feedback_resource, req, res, err); }

static int query_feedback(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  int64_t account_id = 0;
  const char *kind = NULL;
  if (api_query_id(q, "account_id", &account_id, err) || api_query_choice(q, "kind", feedback_kinds, &kind, err))
    return -1;
  return store_feedback_list(req->db, account_id, kind, after, limit, page, err);
}

int feedback_list(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"account_id", "kind", NULL};
  return api_list(req, res, allowed, query_feedback, err);
}
