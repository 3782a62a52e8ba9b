/* Case status names; see case_status.h. */
#include "core/case_status.h"

#include <assert.h>
#include <string.h>

static const char *const case_status_names[CASE_STATUS_COUNT] = {
    [CASE_NEW] = "new",
    [CASE_OPEN] = "open",
    [CASE_WAITING_ON_CUSTOMER] = "waiting_on_customer",
    [CASE_WAITING_ON_INTERNAL] = "waiting_on_internal",
    [CASE_RESOLVED] = "resolved",
    [CASE_CLOSED] = "closed",
    [CASE_REOPENED] = "reopened",
};

const char *case_status_name(CaseStatus status) {
  assert(status < CASE_STATUS_COUNT);
  return case_status_names[status];
}

int case_status_parse(const char *name, CaseStatus *status) {
  for (int s = 0; s < CASE_STATUS_COUNT; s++)
    if (strcmp(case_status_names[s], name) == 0) {
      *status = (CaseStatus)s;
      return 0;
    }
  return -1;
}

int case_status_is_final(CaseStatus status) { return status == CASE_RESOLVED || status == CASE_CLOSED; }
