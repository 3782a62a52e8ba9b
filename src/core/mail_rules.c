/* The pure rules of the email channel; see mail_rules.h and docs/MAIL.md. */
#include "core/mail_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- automatic mail ------------------------------------------------------------------------- */

/* value, trimmed of surrounding blanks, equals word (any case). */
static int value_is(const char *value, const char *word) {
  while (*value == ' ' || *value == '\t') value++;
  size_t n = strlen(word);
  if (strncasecmp(value, word, n) != 0) return 0;
  for (value += n; *value; value++)
    if (*value != ' ' && *value != '\t' && *value != ';') return 0;
  return 1;
}

/* The local part of address (before '@') equals name, any case. */
static int local_part_is(const char *address, const char *name) {
  const char *at = strchr(address, '@');
  size_t n = strlen(name);
  return at && (size_t)(at - address) == n && strncasecmp(address, name, n) == 0;
}

const char *mail_auto_reason(const MailAutoHeaders *h) {
  if (h->auto_submitted && !value_is(h->auto_submitted, "no")) return "Auto-Submitted: sent automatically";
  if (h->return_path && value_is(h->return_path, "<>")) return "Return-Path <>: a bounce or other notice";
  if (h->content_type && strncasecmp(h->content_type, "multipart/report", 16) == 0)
    return "multipart/report: a delivery or read report";
  if (h->precedence && (value_is(h->precedence, "bulk") || value_is(h->precedence, "junk") ||
                        value_is(h->precedence, "list") || value_is(h->precedence, "auto_reply")))
    return "Precedence: bulk, junk, list or auto_reply";
  if (h->x_autoreply || h->x_autorespond) return "X-Autoreply: an auto-responder";
  if (h->x_auto_response_suppress && (strcasestr(h->x_auto_response_suppress, "all") ||
                                      strcasestr(h->x_auto_response_suppress, "oof")))
    return "X-Auto-Response-Suppress: an automatic message";
  if (h->list_id) return "List-Id: a mailing list";
  if (h->from_address && (local_part_is(h->from_address, "mailer-daemon") ||
                          local_part_is(h->from_address, "postmaster")))
    return "from the mail system (MAILER-DAEMON, postmaster)";
  if (h->from_address && h->own_address && strcasecmp(h->from_address, h->own_address) == 0)
    return "from forgedesk's own address: a loop";
  return NULL;
}

const char *mail_repeat_reason(int64_t earlier_identical) {
  return earlier_identical > 0 ? "the same mail again within a day: a loop or a repeat" : NULL;
}

/* --- subjects ---------------------------------------------------------------------------------- */

/* Reads the digits at s into *id (0 when none or too many). */
static const char *read_id(const char *s, int64_t *id) {
  int64_t v = 0;
  int digits = 0;
  while (isdigit((unsigned char)*s)) {
    if (++digits > 15) {
      *id = 0;
      return s;
    }
    v = v * 10 + (*s++ - '0');
  }
  *id = v;
  return s;
}

int64_t mail_subject_case_ref(const char *subject) {
  if (!subject) return 0;
  for (const char *s = subject; *s; s++) {
    const char *p = NULL;
    if (strncasecmp(s, "case", 4) == 0 && (s == subject || !isalnum((unsigned char)s[-1]))) {
      p = s + 4;
      while (*p == ' ') p++;
      if (*p != '#') continue;
      p++;
    } else if (*s == '[' && s[1] == '#') {
      p = s + 2;
    } else {
      continue;
    }
    int64_t id = 0;
    const char *end = read_id(p, &id);
    if (id > 0 && !isalnum((unsigned char)*end)) return id;
  }
  return 0;
}

void mail_reply_subject(const char *subject, int64_t case_id, Buffer *out) {
  const char *s = subject ? subject : "";
  for (;;) {
    while (*s == ' ') s++;
    if (strncasecmp(s, "re:", 3) == 0) s += 3;
    else if (strncasecmp(s, "aw:", 3) == 0) s += 3;
    else if (strncasecmp(s, "fw:", 3) == 0) s += 3;
    else if (strncasecmp(s, "fwd:", 4) == 0) s += 4;
    else break;
  }
  buffer_puts(out, "Re: ");
  buffer_puts(out, *s ? s : "your request");
  if (mail_subject_case_ref(s) != case_id) buffer_printf(out, " [Case #%lld]", (long long)case_id);
}

/* --- HTML to text -------------------------------------------------------------------------------- */

typedef struct HtmlText {
  Buffer *out;
  int space;    /* a blank is pending */
  int newlines; /* line breaks pending (at most two) */
  int at_start;
} HtmlText;

static void text_break(HtmlText *t, int n) {
  if (!t->at_start && n > t->newlines) t->newlines = n;
  t->space = 0;
}

static void text_put(HtmlText *t, const char *s, size_t n) {
  if (!n) return;
  if (!t->at_start) {
    if (t->newlines) buffer_append(t->out, "\n\n", (size_t)t->newlines);
    else if (t->space) buffer_putc(t->out, ' ');
  }
  t->newlines = t->space = t->at_start = 0;
  buffer_append(t->out, s, n);
}

/* Appends code point cp as UTF-8 (an invalid one as U+FFFD). */
static void put_code_point(HtmlText *t, unsigned long cp) {
  char u[4];
  size_t n;
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) u[0] = (char)cp, n = 1;
  else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)), u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)),
    u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  text_put(t, u, n);
}

static const struct {
  const char *name;
  unsigned long cp;
} entities[] = {{"amp", '&'},    {"lt", '<'},      {"gt", '>'},      {"quot", '"'},    {"apos", '\''},
                {"nbsp", 0xA0},  {"euro", 0x20AC}, {"pound", 0xA3},  {"copy", 0xA9},   {"reg", 0xAE},
                {"deg", 0xB0},   {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"uuml", 0xFC},
                {"ouml", 0xF6},  {"auml", 0xE4},   {"szlig", 0xDF},  {"eacute", 0xE9}, {"rsquo", 0x2019}};

/* Decodes the entity at s (just after '&'); returns its length, or 0 when
 * it is none (the '&' is then literal). */
static size_t put_entity(HtmlText *t, const char *s, const char *end) {
  const char *semi = memchr(s, ';', (size_t)(end - s) < 12 ? (size_t)(end - s) : 12);
  if (!semi || semi == s) return 0;
  size_t n = (size_t)(semi - s);
  if (*s == '#') {
    char digits[12] = {0};
    memcpy(digits, s + 1, n - 1);
    char *stop = NULL;
    int hex = digits[0] == 'x' || digits[0] == 'X';
    unsigned long cp = strtoul(hex ? digits + 1 : digits, &stop, hex ? 16 : 10);
    if (!stop || *stop || stop == (hex ? digits + 1 : digits)) return 0;
    if (cp == 0xA0) t->space = 1; /* a non-breaking space is a blank like any other */
    else put_code_point(t, cp);
    return n + 1;
  }
  for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
    if (strlen(entities[i].name) == n && strncmp(entities[i].name, s, n) == 0) {
      if (entities[i].cp == 0xA0) t->space = 1;
      else put_code_point(t, entities[i].cp);
      return n + 1;
    }
  return 0;
}

/* The tag name at s (after '<' and an optional '/'), lower-cased into name. */
static void tag_name(const char *s, const char *end, char name[16]) {
  size_t n = 0;
  while (s < end && n < 15 && (isalnum((unsigned char)*s))) name[n++] = (char)tolower((unsigned char)*s++);
  name[n] = '\0';
}

static int name_in(const char *name, const char *const *list) {
  for (; *list; list++)
    if (strcmp(name, *list) == 0) return 1;
  return 0;
}

/* The value of attribute attr in the tag text [s, end), into out. */
static void tag_attribute(const char *s, const char *end, const char *attr, Buffer *out) {
  size_t n = strlen(attr);
  for (const char *p = s; p + n < end; p++) {
    if (strncasecmp(p, attr, n) != 0 || isalnum((unsigned char)p[-1])) continue;
    const char *v = p + n;
    while (v < end && *v == ' ') v++;
    if (v >= end || *v != '=') continue;
    v++;
    while (v < end && *v == ' ') v++;
    char quote = v < end && (*v == '"' || *v == '\'') ? *v++ : 0;
    const char *stop = v;
    while (stop < end && (quote ? *stop != quote : (*stop != ' ' && *stop != '>'))) stop++;
    buffer_append(out, v, (size_t)(stop - v));
    return;
  }
}

void mail_html_to_text(const char *html, size_t len, Buffer *out) {
  static const char *const blocks[] = {"p", "div", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                                       "blockquote", "pre", "ul", "ol", "section", "article", "header",
                                       "footer", "hr", "address", NULL};
  static const char *const hidden[] = {"script", "style", "head", "title", "template", "noscript", NULL};
  HtmlText t = {.out = out, .at_start = 1};
  Buffer href = BUFFER_INIT;
  const char *s = html, *end = html + len;
  while (s < end) {
    if (*s == '<') {
      if (end - s >= 4 && strncmp(s, "<!--", 4) == 0) {
        const char *close = NULL;
        for (const char *p = s + 4; p + 3 <= end; p++)
          if (strncmp(p, "-->", 3) == 0) {
            close = p + 3;
            break;
          }
        s = close ? close : end;
        continue;
      }
      const char *tag_start = s, *gt = memchr(s, '>', (size_t)(end - s));
      const char *tag_end = gt ? gt : end;
      int closing = s + 1 < end && s[1] == '/';
      char name[16];
      tag_name(s + 1 + closing, tag_end, name);
      s = gt ? gt + 1 : end;
      if (!closing && name_in(name, hidden)) {
        /* skip to the matching close tag */
        size_t n = strlen(name);
        const char *p = s;
        for (; p + n + 2 <= end; p++)
          if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, name, n) == 0) break;
        const char *close = p + n + 2 <= end ? memchr(p, '>', (size_t)(end - p)) : NULL;
        s = close ? close + 1 : end;
        continue;
      }
      if (strcmp(name, "br") == 0) text_break(&t, 1);
      else if (strcmp(name, "li") == 0 && !closing) {
        text_break(&t, 1);
        text_put(&t, "- ", 2);
        t.space = 0;
      } else if (name_in(name, blocks) || strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) t.space = 1;
        else text_break(&t, strcmp(name, "p") == 0 || name[0] == 'h' ? 2 : 1);
      } else if (strcmp(name, "a") == 0 && !closing) {
        buffer_reset(&href);
        tag_attribute(tag_start, tag_end, "href", &href);
      } else if (strcmp(name, "a") == 0 && closing && href.len) {
        if (strncasecmp(buffer_cstr(&href), "http", 4) == 0 || strncasecmp(buffer_cstr(&href), "mailto:", 7) == 0) {
          t.space = 1;
          text_put(&t, "<", 1);
          buffer_append(t.out, href.data, href.len);
          buffer_putc(t.out, '>');
        }
        buffer_reset(&href);
      }
      continue;
    }
    if (*s == '&') {
      size_t n = put_entity(&t, s + 1, end);
      if (n) {
        s += n + 1;
        continue;
      }
    }
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\f') {
      t.space = 1;
      s++;
      continue;
    }
    const char *run = s++; /* at least this character: a literal '&' too */
    while (s < end && *s != '<' && *s != '&' && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' && *s != '\f') s++;
    text_put(&t, run, (size_t)(s - run));
  }
  buffer_free(&href);
}

/* --- domains ----------------------------------------------------------------------------------- */
int mail_domain_is_public(const char *domain) {
  static const char *const public_domains[] = {
      "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
      "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de",
      "proton.me", "protonmail.com", "btinternet.com", "mail.com", "t-online.de", NULL};
  if (!domain) return 1;
  for (const char *const *d = public_domains; *d; d++)
    if (strcasecmp(domain, *d) == 0) return 1;
  return 0;
}

/* --- templates ---------------------------------------------------------------------------------- */
const char *const mail_kind_names[] = {"reply",          "case_opened",  "complaint_acknowledgement",
                                       "sla_escalation", "stretch_case", "survey_invitation", NULL};
const char *const mail_audience_names[] = {"technical", "commercial", NULL};

int mail_kind_is_automatic(MailKind kind) { return kind != MAIL_KIND_REPLY; }

MailAudience mail_audience_parse(const char *name) {
  return name && strcmp(name, "commercial") == 0 ? MAIL_AUDIENCE_COMMERCIAL : MAIL_AUDIENCE_TECHNICAL;
}

/* Technical readers get the facts first and short; commercial readers the
 * commitment and who answers for it. */
static const struct {
  const char *subject, *body;
} templates[MAIL_KIND_COUNT][MAIL_AUDIENCE_COUNT] = {
    [MAIL_KIND_REPLY] =
        {[MAIL_AUDIENCE_TECHNICAL] = {"{{reply_subject}}",
                                      "Hello {{contact_name}},\n\n{{body}}\n\n-- \n{{agent_name}}, customer service\n"
                                      "Case #{{case_id}}: {{case_subject}} (reply above this line to add to the case)\n"},
         [MAIL_AUDIENCE_COMMERCIAL] = {"{{reply_subject}}",
                                       "Dear {{contact_name}},\n\n{{body}}\n\nKind regards,\n{{agent_name}}\n"
                                       "Customer service, on behalf of your account team\n"
                                       "Your reference: Case #{{case_id}}\n"}},
    [MAIL_KIND_CASE_OPENED] =
        {[MAIL_AUDIENCE_TECHNICAL] = {"[Case #{{case_id}}] Received: {{case_subject}}",
                                      "Hello {{contact_name}},\n\nWe have logged your request as case #{{case_id}} "
                                      "({{case_subject}}). An engineer will reply; to add details, logs or photos, "
                                      "reply to this mail and keep [Case #{{case_id}}] in the subject.\n"},
         [MAIL_AUDIENCE_COMMERCIAL] = {"[Case #{{case_id}}] We have your request: {{case_subject}}",
                                       "Dear {{contact_name}},\n\nThank you for your message. It is registered as case "
                                       "#{{case_id}} and our customer service team will come back to you within the "
                                       "times agreed in your service contract. Please quote case #{{case_id}} in any "
                                       "reply.\n\nKind regards,\nCustomer service\n"}},
    [MAIL_KIND_COMPLAINT_ACKNOWLEDGEMENT] =
        {[MAIL_AUDIENCE_TECHNICAL] = {"[Case #{{case_id}}] Complaint acknowledged: {{case_subject}}",
                                      "Hello {{contact_name}},\n\nWe acknowledge your complaint, logged as case "
                                      "#{{case_id}} ({{case_subject}}). It is being assessed now; we will tell you "
                                      "what we found and what we will do. Please keep any affected parts and their "
                                      "batch or serial numbers.\n"},
         [MAIL_AUDIENCE_COMMERCIAL] = {"[Case #{{case_id}}] We acknowledge your complaint: {{case_subject}}",
                                       "Dear {{contact_name}},\n\nWe are sorry for the trouble and acknowledge your "
                                       "complaint, registered as case #{{case_id}}. It is handled under our "
                                       "complaints procedure (ISO 10002): we will assess it, investigate its cause "
                                       "and propose a remedy, and keep you informed at each step.\n\nKind regards,\n"
                                       "Customer service\n"}},
    [MAIL_KIND_SLA_ESCALATION] =
        {[MAIL_AUDIENCE_TECHNICAL] = {"[forgedesk] SLA {{level}} on case {{case_id}}: {{target}}",
                                      "Case {{case_id}}, \"{{case_subject}}\": its {{target}} clock reached {{level}}.\n"},
         [MAIL_AUDIENCE_COMMERCIAL] = {"[forgedesk] SLA {{level}} on case {{case_id}}: {{target}}",
                                       "Case {{case_id}}, \"{{case_subject}}\": its {{target}} clock reached "
                                       "{{level}}.\n"}},
    [MAIL_KIND_STRETCH_NOTICE] =
        {[MAIL_AUDIENCE_TECHNICAL] = {"[forgedesk] Stretch case {{case_id}}: {{case_subject}}", "{{body}}\n"},
         [MAIL_AUDIENCE_COMMERCIAL] = {"[forgedesk] Stretch case {{case_id}}: {{case_subject}}", "{{body}}\n"}},
    [MAIL_KIND_SURVEY_INVITATION] =
        {[MAIL_AUDIENCE_TECHNICAL] = {"{{survey_name}}",
                                      "Hello {{contact_name}},\n\n{{question}}\n\nOne click to answer (once, until "
                                      "{{expires_on}}):\n{{survey_link}}\n\nThank you.\n"},
         [MAIL_AUDIENCE_COMMERCIAL] = {"{{survey_name}}",
                                       "Dear {{contact_name}},\n\n{{question}}\n\nYour answer takes a minute and helps "
                                       "us serve you better. Please answer here (once, until {{expires_on}}):\n"
                                       "{{survey_link}}\n\nThank you,\nCustomer service\n"}},
};

static void fill(const char *tmpl, const json_t *fields, Buffer *out) {
  for (const char *s = tmpl; *s;) {
    const char *open = strstr(s, "{{");
    const char *close = open ? strstr(open, "}}") : NULL;
    if (!close) {
      buffer_puts(out, s);
      return;
    }
    buffer_append(out, s, (size_t)(open - s));
    char name[32] = {0};
    size_t n = (size_t)(close - open - 2);
    if (n < sizeof name) memcpy(name, open + 2, n);
    const json_t *v = json_object_get(fields, name);
    if (json_is_string(v)) buffer_puts(out, json_string_value(v));
    else if (json_is_integer(v)) buffer_printf(out, "%lld", (long long)json_integer_value(v));
    s = close + 2;
  }
}

void mail_template_render(MailKind kind, MailAudience audience, const json_t *fields, Buffer *subject,
                          Buffer *body) {
  fill(templates[kind][audience].subject, fields, subject);
  fill(templates[kind][audience].body, fields, body);
}

void mail_put_link(const char *body, const char *link, Buffer *out) {
  const char *mark = NULL;
  for (const char *s = strstr(body, MAIL_LINK_MARK); s; s = strstr(s + 1, MAIL_LINK_MARK)) mark = s;
  if (!mark) {
    buffer_puts(out, body);
    return;
  }
  buffer_append(out, body, (size_t)(mark - body));
  buffer_puts(out, link);
  buffer_puts(out, mark + strlen(MAIL_LINK_MARK));
}

int64_t mail_retry_delay(int attempts) {
  if (attempts >= MAIL_MAX_ATTEMPTS) return -1;
  int64_t delay = 60;
  for (int i = 1; i < attempts && delay < 3600; i++) delay *= 2;
  return delay < 3600 ? delay : 3600;
}
