/* The route table: every API route with its handler, the permission it needs
 * and a one-line summary. The router, the OpenAPI check (`forgedesk routes`)
 * and the permission docs all read this one table. */
#include "api/cases.h"
#include "api/crm.h"
#include "api/staff.h"

const Route api_routes[] = {
    {HTTP_GET, "/api/v1/health", meta_health, PERM_PUBLIC, ROUTE_NO_STORE, "Service health and store kind"},
    {HTTP_GET, "/api/v1/openapi.json", meta_openapi, PERM_PUBLIC, ROUTE_NO_STORE, "This API's OpenAPI document"},
    {HTTP_POST, "/api/v1/session", session_sign_in, PERM_PUBLIC, ROUTE_OWN_TRANSACTION, "Sign in"},
    {HTTP_GET, "/api/v1/session", session_current, PERM_SIGNED_IN, 0, "The signed-in user and CSRF token"},
    {HTTP_DELETE, "/api/v1/session", session_sign_out, PERM_SIGNED_IN, 0, "Sign out"},
    {HTTP_GET, "/api/v1/users", users_list, PERM_USERS_READ, 0, "List staff"},
    {HTTP_POST, "/api/v1/users", users_create, PERM_USERS_ADMIN, 0, "Create a staff account"},
    {HTTP_GET, "/api/v1/users/{id}", users_get, PERM_USERS_READ, 0, "One staff account"},
    {HTTP_PATCH, "/api/v1/users/{id}", users_patch, PERM_USERS_ADMIN, 0, "Change a staff account"},
    {HTTP_GET, "/api/v1/teams", teams_list, PERM_USERS_READ, 0, "List teams"},
    {HTTP_POST, "/api/v1/teams", teams_create, PERM_USERS_ADMIN, 0, "Create a team"},
    {HTTP_GET, "/api/v1/accounts", accounts_list, PERM_CRM_READ, 0, "List and search customer accounts"},
    {HTTP_POST, "/api/v1/accounts", accounts_create, PERM_CRM_WRITE, 0, "Create an account"},
    {HTTP_GET, "/api/v1/accounts/{id}", accounts_get, PERM_CRM_READ, 0, "One account"},
    {HTTP_PATCH, "/api/v1/accounts/{id}", accounts_patch, PERM_CRM_WRITE, 0, "Change an account"},
    {HTTP_DELETE, "/api/v1/accounts/{id}", accounts_delete, PERM_CRM_WRITE, 0, "Delete an unreferenced account"},
    {HTTP_GET, "/api/v1/accounts/{id}/timeline", accounts_timeline, PERM_CRM_READ, 0, "An account's timeline"},
    {HTTP_GET, "/api/v1/contacts", contacts_list, PERM_CRM_READ, 0, "List and search contacts"},
    {HTTP_POST, "/api/v1/contacts", contacts_create, PERM_CRM_WRITE, 0, "Create a contact"},
    {HTTP_GET, "/api/v1/contacts/{id}", contacts_get, PERM_CRM_READ, 0, "One contact"},
    {HTTP_PATCH, "/api/v1/contacts/{id}", contacts_patch, PERM_CRM_WRITE, 0, "Change a contact"},
    {HTTP_DELETE, "/api/v1/contacts/{id}", contacts_delete, PERM_CRM_WRITE, 0, "Delete an unreferenced contact"},
    {HTTP_GET, "/api/v1/interactions", interactions_list, PERM_CRM_READ, 0, "List interactions"},
    {HTTP_POST, "/api/v1/interactions", interactions_create, PERM_CRM_WRITE, 0, "Record an interaction"},
    {HTTP_GET, "/api/v1/interactions/{id}", interactions_get, PERM_CRM_READ, 0, "One interaction"},
    {HTTP_PATCH, "/api/v1/interactions/{id}", interactions_patch, PERM_CRM_WRITE, 0, "Correct an interaction"},
    {HTTP_GET, "/api/v1/orders", orders_list, PERM_CRM_READ, 0, "List orders"},
    {HTTP_POST, "/api/v1/orders", orders_create, PERM_CRM_WRITE, 0, "Record an order with its lines"},
    {HTTP_GET, "/api/v1/orders/{id}", orders_get, PERM_CRM_READ, 0, "One order with its lines"},
    {HTTP_GET, "/api/v1/parts", parts_list, PERM_CRM_READ, 0, "List and search parts"},
    {HTTP_POST, "/api/v1/parts", parts_create, PERM_CRM_WRITE, 0, "Create a part"},
    {HTTP_GET, "/api/v1/parts/{id}", parts_get, PERM_CRM_READ, 0, "One part"},
    {HTTP_PATCH, "/api/v1/parts/{id}", parts_patch, PERM_CRM_WRITE, 0, "Change a part"},
    {HTTP_GET, "/api/v1/assets", assets_list, PERM_CRM_READ, 0, "List installed assets"},
    {HTTP_POST, "/api/v1/assets", assets_create, PERM_CRM_WRITE, 0, "Record an installed asset"},
    {HTTP_GET, "/api/v1/assets/{id}", assets_get, PERM_CRM_READ, 0, "One asset with its service history"},
    {HTTP_PATCH, "/api/v1/assets/{id}", assets_patch, PERM_CRM_WRITE, 0, "Change an asset"},
    {HTTP_POST, "/api/v1/assets/{id}/service-events", assets_add_service_event, PERM_CRM_WRITE, 0,
     "Add to an asset's service history"},
    {HTTP_GET, "/api/v1/cases", cases_list, PERM_CASES_READ, 0, "List and filter cases"},
    {HTTP_POST, "/api/v1/cases", cases_create, PERM_CASES_WORK, 0, "Open a case"},
    {HTTP_GET, "/api/v1/cases/{id}", cases_get, PERM_CASES_READ, 0, "One case"},
    {HTTP_PATCH, "/api/v1/cases/{id}", cases_patch, PERM_CASES_WORK, 0, "Change a case (not its status)"},
    {HTTP_POST, "/api/v1/cases/{id}/status", cases_set_status, PERM_CASES_WORK, 0, "Move a case to another status"},
    {HTTP_POST, "/api/v1/cases/{id}/replies", cases_add_reply, PERM_CASES_WORK, 0, "Add a public reply to a case"},
    {HTTP_POST, "/api/v1/cases/{id}/notes", cases_add_note, PERM_CASES_WORK, 0, "Add an internal note to a case"},
    {HTTP_GET, "/api/v1/cases/{id}/timeline", cases_timeline, PERM_CASES_READ, 0, "A case's timeline"},
    {HTTP_GET, "/api/v1/audit", audit_list, PERM_AUDIT_READ, 0, "The audit trail"},
};

const int api_route_count = sizeof api_routes / sizeof api_routes[0];
