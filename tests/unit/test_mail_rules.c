/* Unit tests for the pure rules of the email channel (src/core/mail_rules.c):
 * which mail is automatic, repeats, case references in subjects, reply
 * subjects, HTML turned into text, public mail domains, templates and the
 * back-off of failed sends. Expectations written out by hand. */
#include "helpers.h"

#include "core/mail_rules.h"

/* "row N", for the table checks. */
static const char *row_name(size_t i) {
  static char name[32];
  snprintf(name, sizeof name, "row %zu", i);
  return name;
}

static void test_mail_automatic_mail_is_recognised_by_its_headers(void **state) {
  (void)state;
  static const struct {
    MailAutoHeaders h;
    int automatic;
  } rows[] = {
      {{.from_address = "jo@customer.example"}, 0},
      {{.auto_submitted = "no", .from_address = "jo@customer.example"}, 0},
      {{.auto_submitted = " No ", .from_address = "jo@customer.example"}, 0},
      {{.auto_submitted = "auto-replied"}, 1},
      {{.auto_submitted = "auto-generated"}, 1},
      {{.return_path = "<>"}, 1},
      {{.return_path = " <> "}, 1},
      {{.return_path = "<jo@customer.example>"}, 0},
      {{.content_type = "multipart/report"}, 1},
      {{.content_type = "multipart/mixed"}, 0},
      {{.precedence = "bulk"}, 1},
      {{.precedence = "JUNK"}, 1},
      {{.precedence = "list"}, 1},
      {{.precedence = "auto_reply"}, 1},
      {{.precedence = "first-class"}, 0},
      {{.x_autoreply = "yes"}, 1},
      {{.x_autorespond = "anything"}, 1},
      {{.x_auto_response_suppress = "All"}, 1},
      {{.x_auto_response_suppress = "DR, OOF"}, 1},
      {{.x_auto_response_suppress = "DR"}, 0},
      {{.list_id = "<news.example.org>"}, 1},
      {{.from_address = "MAILER-DAEMON@mx.example.net"}, 1},
      {{.from_address = "postmaster@example.net"}, 1},
      {{.from_address = "postmaster-team@example.net"}, 0},
      {{.from_address = "Support@Forgedesk.test", .own_address = "support@forgedesk.test"}, 1},
      {{.from_address = "jo@forgedesk.test", .own_address = "support@forgedesk.test"}, 0},
  };
  for (size_t i = 0; i < COUNT(rows); i++) expect_int(row_name(i), rows[i].automatic, mail_auto_reason(&rows[i].h) != NULL);
  expect_all_rows_passed();
}

static void test_mail_a_repeat_is_any_earlier_identical_mail(void **state) {
  (void)state;
  assert_null(mail_repeat_reason(0));
  assert_non_null(mail_repeat_reason(1));
  assert_non_null(mail_repeat_reason(40));
}

static void test_mail_subject_case_references(void **state) {
  (void)state;
  static const struct {
    const char *subject;
    int64_t id;
  } rows[] = {
      {"Re: Pump leaking [Case #123]", 123},
      {"RE: case #45 still open", 45},
      {"AW: [#987] Lieferung", 987},
      {"Case#7", 7},
      {"Re: Case # 8", 0},   /* a blank between '#' and the number is no reference */
      {"Showcase #12", 0},   /* "case" inside a word */
      {"[Case #12a]", 0},    /* not a number */
      {"Order #4471", 0},
      {"[Case #0]", 0},
      {"[Case #1234567890123456]", 0}, /* too long to be an id */
      {"Case #5 and Case #6", 5},
      {"", 0},
  };
  for (size_t i = 0; i < COUNT(rows); i++) expect_int(row_name(i), rows[i].id, mail_subject_case_ref(rows[i].subject));
  expect_int("NULL", 0, mail_subject_case_ref(NULL));
  expect_all_rows_passed();
}

static void test_mail_reply_subjects_keep_one_prefix_and_the_reference(void **state) {
  (void)state;
  static const struct {
    const char *subject;
    int64_t id;
    const char *expected;
  } rows[] = {
      {"Pump leaking", 12, "Re: Pump leaking [Case #12]"},
      {"Re: RE: Fwd: Pump leaking", 12, "Re: Pump leaking [Case #12]"},
      {"AW: Lieferung [Case #12]", 12, "Re: Lieferung [Case #12]"},
      {"Re: Lieferung [Case #11]", 12, "Re: Lieferung [Case #11] [Case #12]"},
      {"", 3, "Re: your request [Case #3]"},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    Buffer b = BUFFER_INIT;
    mail_reply_subject(rows[i].subject, rows[i].id, &b);
    expect_text(row_name(i), rows[i].expected, buffer_cstr(&b));
    buffer_free(&b);
  }
  expect_all_rows_passed();
}

static void test_mail_html_becomes_plain_text(void **state) {
  (void)state;
  static const struct {
    const char *html, *text;
  } rows[] = {
      {"<p>Hello</p><p>World</p>", "Hello\n\nWorld"},
      {"a<br>b<br/>c", "a\nb\nc"},
      {"<b>bold</b>   and\n\n  <i>spaced</i>", "bold and spaced"},
      {"<head><title>T</title><style>p{color:red}</style></head><body>x</body>", "x"},
      {"<script>alert('x')</script>safe", "safe"},
      {"<SCRIPT type=x>alert(1)</SCRIPT>ok", "ok"},
      {"1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;q&quot; &#39;s&#39;", "1 < 2 && 3 > 2 \"q\" 's'"},
      {"caf&eacute; &#x20AC;5 &euro;6 &nbsp;x", "café €5 €6 x"},
      {"&unknown; & alone", "&unknown; & alone"},
      {"&#0; &#xD800;", "\xEF\xBF\xBD \xEF\xBF\xBD"},
      {"<ul><li>one</li><li>two</li></ul>", "- one\n- two"},
      {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
      {"See <a href=\"https://example.com/x\">the PO</a>.", "See the PO <https://example.com/x>."},
      {"<a href='javascript:alert(1)'>click</a>", "click"},
      {"<!-- hidden --><p>shown</p>", "shown"},
      {"<img src=x onerror=alert(1)>after", "after"},
      {"unclosed <b", "unclosed"},
      {"", ""},
  };
  for (size_t i = 0; i < COUNT(rows); i++) {
    Buffer b = BUFFER_INIT;
    mail_html_to_text(rows[i].html, strlen(rows[i].html), &b);
    expect_text(row_name(i), rows[i].text, buffer_cstr(&b));
    buffer_free(&b);
  }
  expect_all_rows_passed();
}

static void test_mail_public_domains_are_never_matched_to_accounts(void **state) {
  (void)state;
  assert_true(mail_domain_is_public("gmail.com"));
  assert_true(mail_domain_is_public("GMX.de"));
  assert_true(mail_domain_is_public(NULL));
  assert_false(mail_domain_is_public("hartmann-hydraulik.de"));
  assert_false(mail_domain_is_public("gmail.com.evil.example"));
}

static void test_mail_templates_fit_the_audience_and_fill_the_case(void **state) {
  (void)state;
  json_t *fields = json_pack("{s:s, s:s, s:s, s:s, s:s}", "case_subject", "Seal kit",
                             "contact_name", "Jonas", "agent_name", "Amy", "body", "It ships today.", "reply_subject",
                             "Re: Seal kit [Case #42]");
  json_object_set_new(fields, "case_id", json_integer(42));
  Buffer s1 = BUFFER_INIT, b1 = BUFFER_INIT, s2 = BUFFER_INIT, b2 = BUFFER_INIT;
  mail_template_render(MAIL_KIND_REPLY, MAIL_AUDIENCE_TECHNICAL, fields, &s1, &b1);
  mail_template_render(MAIL_KIND_REPLY, MAIL_AUDIENCE_COMMERCIAL, fields, &s2, &b2);
  assert_string_equal(buffer_cstr(&s1), "Re: Seal kit [Case #42]");
  assert_non_null(strstr(buffer_cstr(&b1), "Hello Jonas,\n\nIt ships today."));
  assert_non_null(strstr(buffer_cstr(&b2), "Dear Jonas,"));
  assert_non_null(strstr(buffer_cstr(&b2), "Your reference: Case #42"));
  buffer_reset(&s1);
  buffer_reset(&b1);
  mail_template_render(MAIL_KIND_COMPLAINT_ACKNOWLEDGEMENT, MAIL_AUDIENCE_TECHNICAL, fields, &s1, &b1);
  assert_string_equal(buffer_cstr(&s1), "[Case #42] Complaint acknowledged: Seal kit");
  buffer_reset(&s1);
  buffer_reset(&b1);
  json_t *none = json_object();
  mail_template_render(MAIL_KIND_SLA_ESCALATION, MAIL_AUDIENCE_TECHNICAL, none, &s1, &b1);
  json_decref(none);
  assert_string_equal(buffer_cstr(&s1), "[forgedesk] SLA  on case : "); /* missing fields render empty */
  assert_true(mail_kind_is_automatic(MAIL_KIND_CASE_OPENED));
  assert_false(mail_kind_is_automatic(MAIL_KIND_REPLY));
  assert_int_equal(mail_audience_parse("commercial"), MAIL_AUDIENCE_COMMERCIAL);
  assert_int_equal(mail_audience_parse(NULL), MAIL_AUDIENCE_TECHNICAL);
  buffer_free(&s1);
  buffer_free(&b1);
  buffer_free(&s2);
  buffer_free(&b2);
  json_decref(fields);
}

static void test_mail_survey_invitation_gets_its_link_only_when_sent(void **state) {
  (void)state;
  /* a contact who calls themselves by the mark cannot take the link's place */
  json_t *fields = json_pack("{s:s, s:s, s:s, s:s, s:s}", "contact_name", MAIL_LINK_MARK, "survey_name", "After your case",
                             "question", "How satisfied were you?", "expires_on", "2026-04-01", "survey_link",
                             MAIL_LINK_MARK);
  Buffer subject = BUFFER_INIT, body = BUFFER_INIT, sent = BUFFER_INIT;
  mail_template_render(MAIL_KIND_SURVEY_INVITATION, MAIL_AUDIENCE_TECHNICAL, fields, &subject, &body);
  assert_string_equal(buffer_cstr(&subject), "After your case");
  assert_true(mail_kind_is_automatic(MAIL_KIND_SURVEY_INVITATION));
  mail_put_link(buffer_cstr(&body), "https://desk.example/#/survey/abc", &sent);
  assert_string_equal(buffer_cstr(&sent), "Hello " MAIL_LINK_MARK ",\n\nHow satisfied were you?\n\nOne click to answer "
                                          "(once, until 2026-04-01):\nhttps://desk.example/#/survey/abc\n\nThank you.\n");
  buffer_reset(&sent);
  mail_put_link("no mark here", "x", &sent);
  assert_string_equal(buffer_cstr(&sent), "no mark here");
  buffer_free(&subject);
  buffer_free(&body);
  buffer_free(&sent);
  json_decref(fields);
}

static void test_mail_retries_back_off_to_an_hour_then_stop(void **state) {
  (void)state;
  static const int64_t expected[] = {60, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, -1, -1};
  for (int attempts = 0; attempts < (int)COUNT(expected); attempts++)
    expect_int(row_name((size_t)attempts), expected[attempts], mail_retry_delay(attempts));
  expect_all_rows_passed();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mail_automatic_mail_is_recognised_by_its_headers),
      cmocka_unit_test(test_mail_a_repeat_is_any_earlier_identical_mail),
      cmocka_unit_test(test_mail_subject_case_references),
      cmocka_unit_test(test_mail_reply_subjects_keep_one_prefix_and_the_reference),
      cmocka_unit_test(test_mail_html_becomes_plain_text),
      cmocka_unit_test(test_mail_public_domains_are_never_matched_to_accounts),
      cmocka_unit_test(test_mail_templates_fit_the_audience_and_fill_the_case),
      cmocka_unit_test(test_mail_survey_invitation_gets_its_link_only_when_sent),
      cmocka_unit_test(test_mail_retries_back_off_to_an_hour_then_stop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
