/* libFuzzer target: the public survey page's two endpoints, which anyone
 * may call with a link's token. The first byte picks opening or answering;
 * the rest is the JSON body ({"token", "score", "comment", "answers"}). The
 * seeds carry the token of a live invitation; once it is answered a new one
 * takes the token, so answers keep being checked against a real survey.
 * Each input comes from its own address, so the link throttle (tested in
 * the API suite) does not stop the fuzzer. Any answer of 500 or more, a
 * crash, a leak or undefined behaviour is a finding. */
#include <stdio.h>
#include <string.h>

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static unsigned long long attempts;
  fuzz_store();
  if (size < 1) return 0;
  int answer = data[0] & 1;
  Request *req = fuzz_request(HTTP_POST, answer ? "/api/v1/survey-links/answer" : "/api/v1/survey-links/open", "",
                              data + 1, size - 1);
  req->content_type = strdup("application/json");
  attempts++;
  snprintf(req->peer, sizeof req->peer, "198.51.%llu.%llu", attempts / 256 % 256, attempts % 256);
  if (fuzz_run(req) == 201) fuzz_survey_link_renew();
  return 0;
}
