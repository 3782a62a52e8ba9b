/* libFuzzer target: .ics holiday import (libical's parser and our reading
 * of its events). Any bytes are read; an accepted file must give a sorted
 * list of distinct valid dates, a refused one a 422 with a reason. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/ics.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = strndup((const char *)data, size);
  if (!text) abort();
  json_t *dates = NULL;
  Error err = ERROR_INIT;
  if (ics_read_holidays(text, &dates, &err) == 0) {
    const char *previous = "";
    size_t i;
    json_t *d;
    json_array_foreach(dates, i, d) {
      const char *day = json_string_value(d);
      if (!day || time_check_date(day) || strcmp(previous, day) >= 0) abort();
      previous = day;
    }
  } else if (dates || err.status != 422 || !err.detail) {
    abort();
  }
  json_decref(dates);
  error_clear(&err);
  free(text);
  return 0;
}
