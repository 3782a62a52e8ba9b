/* libFuzzer target: business calendars in their JSON form (what the
 * calendars API and `forgedesk calendar` read) through validation and
 * compilation, then the arithmetic SLA clocks run on. Invariants checked:
 * a refused calendar names at least one field; an accepted one survives
 * its canonical form unchanged; business seconds added to an instant are
 * the business seconds elapsed up to the answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"

#define NOW 1780000000 /* 2026-05-28, inside every horizon */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *json = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
  if (!json) return 0;
  Calendar *cal = NULL;
  Error err = ERROR_INIT;
  if (calendar_parse(json, NOW, &cal, &err)) {
    if (cal || !error_has_fields(&err)) abort();
  } else {
    json_t *canonical = calendar_to_json(cal), *again_json = NULL;
    Calendar *again = NULL;
    Error again_err = ERROR_INIT;
    if (calendar_parse(canonical, NOW, &again, &again_err)) abort();
    again_json = calendar_to_json(again);
    if (!json_equal(canonical, again_json)) abort();
    uint64_t mix = 14695981039346656037u; /* FNV-1a of the input: instants and spans that vary with it */
    for (size_t i = 0; i < size; i++) mix = (mix ^ data[i]) * 1099511628211u;
    /* Mostly near now; one input in eight anywhere, up to centuries away (outside the horizon). */
    time_t start = mix % 8 ? NOW - 86400 * 30 + (time_t)(mix >> 8) % (86400 * 60)
                           : (time_t)((int64_t)(mix >> 3) % ((int64_t)86400 * 365 * 400)), due = 0;
    int64_t seconds = mix % 16 ? (int64_t)((mix >> 16) % (86400 * 20)) : (int64_t)(mix >> 2), elapsed = -1;
    if (calendar_add_minutes(cal, start, seconds, &due, &again_err) == 0 &&
        calendar_elapsed_minutes(cal, start, due, &elapsed, &again_err) == 0 && elapsed != seconds)
      abort();
    error_clear(&again_err);
    int open = 0;
    Buffer text = BUFFER_INIT;
    if (calendar_add_seconds(cal, start, seconds, &due, &again_err) == 0) {
      if (calendar_elapsed_seconds(cal, start, due, &elapsed, &again_err) || elapsed != seconds) abort();
      if (calendar_is_open(cal, due, &open, &again_err) || calendar_format_instant(cal, due, &text, &again_err))
        abort();
    }
    buffer_free(&text);
    error_clear(&again_err);
    json_decref(canonical);
    json_decref(again_json);
    calendar_free(again);
    calendar_free(cal);
  }
  error_clear(&err);
  json_decref(json);
  return 0;
}
