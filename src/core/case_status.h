/* The statuses a case moves through, and their names: the one table of them,
 * for the SLA clocks now and the cases store and API later. */
#ifndef FORGEDESK_CASE_STATUS_H
#define FORGEDESK_CASE_STATUS_H

typedef enum CaseStatus {
  CASE_NEW,
  CASE_OPEN,
  CASE_WAITING_ON_CUSTOMER,
  CASE_WAITING_ON_INTERNAL,
  CASE_RESOLVED,
  CASE_CLOSED,
  CASE_REOPENED,
  CASE_STATUS_COUNT
} CaseStatus;

/* The status's name ("waiting_on_customer"), static text. */
const char *case_status_name(CaseStatus status);
/* The status named name into *status. Returns 0, or -1 when no status has that name. */
int case_status_parse(const char *name, CaseStatus *status);
/* True for resolved and closed: a case in them owes nothing. */
int case_status_is_final(CaseStatus status);

#endif
