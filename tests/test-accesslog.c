/* SPDX-License-Identifier: MIT */
/* privpol_record_scrub_accesslog(): every field of an Apache httpd or nginx access-log
 * line goes through the record pipeline (docs/record.md, "Access logs"): the layouts
 * (common, combined, combined and more fields), what each field becomes, the fields the
 * record holds, escapes, what is refused, and no allocation once warm. */
#include <privpol.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#define T0 INT64_C(1736150400) /* 2025-01-06T08:00:00Z */

/* Scrub a line under the processor (tenant acme), or under the controller for
 * @p purpose; the output (NUL-terminated, borrowed from the record). */
static const char *
scrub_as(struct support_records *f, const char *purpose, const char *line,
         privpol_status want)
{
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_record *rec = purpose != NULL ? f->crec : f->rec;
    const char *out = NULL;
    size_t len = 0;
    privpol_error err;
    privpol_status st;

    tag.tenant = "acme";
    if (purpose != NULL) {
        tag.role = PRIVPOL_ROLE_CONTROLLER;
        tag.purpose = purpose;
    }
    st = privpol_record_scrub_accesslog(rec, &tag, line, strlen(line), &out, &len, &err);
    if (st != want)
        fail_msg("status %d (%s: %s, column %zu), wanted %d, for %s", st,
                 privpol_strerror(st), err.message, err.column, want, line);
    if (st != PRIVPOL_OK) {
        assert_null(out);
        assert_int_equal(len, 0);
        return NULL;
    }
    assert_non_null(out);
    assert_int_equal(out[len], '\0');
    assert_int_equal(strlen(out), len);
    return out;
}

static const char *
scrub(struct support_records *f, const char *line, privpol_status want)
{
    return scrub_as(f, NULL, line, want);
}

static privpol_category
category(const char *id)
{
    return support_category(id);
}

/* The i-th field of the record is @p name, of category @p id; its output. */
static privpol_record_field
field_is(const privpol_record *rec, size_t i, const char *name, const char *id)
{
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;
    assert_int_equal(privpol_record_get_field(rec, i, &fr, NULL), PRIVPOL_OK);
    if (strcmp(fr.name, name) != 0 || fr.category != category(id))
        fail_msg("field %zu: %s (%s), wanted %s (%s)", i, fr.name,
                 privpol_category_id(fr.category), name, id);
    return fr;
}

/* The pseudonym "pd1.0000000a." + 22 characters at p. */
static bool
pseudonym_at(const char *p)
{
    if (strncmp(p, "pd1.0000000a.", 13) != 0)
        return false;
    for (int i = 13; i < 35; i++)
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') ||
              (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_'))
            return false;
    return true;
}

static const char *
after(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(s, prefix, n) != 0)
        fail_msg("'%s' does not start with '%s'", s, prefix);
    return s + n;
}

/* ---- layouts ----------------------------------------------------------------------- */

static void
common_layout(void **state)
{
    struct support_records *f = *state;
    static const char line[] =
        "198.51.100.7 - - [06/Jan/2025:08:00:00 +0000] \"GET /favicon.ico HTTP/1.1\" 200 "
        "1208\r\n";
    const char *out = scrub(f, line, PRIVPOL_OK);
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;

    assert_true(pseudonym_at(out));
    assert_string_equal(out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"GET /favicon.ico "
                                  "HTTP/1.1\" 200 1208");
    assert_int_equal(privpol_record_field_count(f->rec), 3);
    field_is(f->rec, 0, "host", "connection.ip_address");
    field_is(f->rec, 1, "time", "connection.timestamp");
    field_is(f->rec, 2, "url", "usage.journey");
    assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.event_time, T0);

    /* HTTP/0.9 (no protocol), HTTP/2.0, a size of "-", a status of "-" */
    out = scrub(f, "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET /\" 200 -",
                PRIVPOL_OK);
    assert_string_equal(out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"GET /\" 200 -");
    out = scrub(
        f, "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"PROPFIND /dav HTTP/2.0\" - 0",
        PRIVPOL_OK);
    assert_string_equal(
        out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"PROPFIND /dav HTTP/2.0\" - 0");
    field_is(f->rec, 2, "url", "usage.journey");

    /* runs of spaces between fields and at the end are kept as they are */
    out = scrub(
        f, "192.0.2.1  -  - [06/Jan/2025:08:00:00 +0000]  \"GET / HTTP/1.1\"  304  0  ",
        PRIVPOL_OK);
    assert_string_equal(
        out + 35, "  -  - [06/Jan/2025:08:00:00 +0000]  \"GET / HTTP/1.1\"  304  0  ");
}

static void
combined_layout(void **state)
{
    struct support_records *f = *state;
    static const char line[] =
        "37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET /assistance/facture "
        "HTTP/1.1\" "
        "200 8325 \"https://assistance.example.fr/faq\" \"Mozilla/5.0 (Linux; Android "
        "12; "
        "SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6097.64 Mobile "
        "Safari/537.36\"\n";
    const char *out = scrub(f, line, PRIVPOL_OK);
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;

    assert_true(pseudonym_at(out));
    assert_string_equal(out + 35,
                        " - - [06/Jan/2025:08:00:00 +0000] \"GET /assistance/facture "
                        "HTTP/1.1\" 200 8325 \"https://assistance.example.fr/faq\" "
                        "\"Chrome on Android\"");
    assert_int_equal(privpol_record_field_count(f->rec), 5);
    field_is(f->rec, 0, "host", "connection.ip_address");
    field_is(f->rec, 1, "time", "connection.timestamp");
    fr = field_is(f->rec, 2, "url", "usage.journey");
    assert_string_equal(fr.value, "/assistance/facture");
    fr = field_is(f->rec, 3, "referer", "usage.journey");
    assert_string_equal(fr.value, "https://assistance.example.fr/faq");
    fr = field_is(f->rec, 4, "user_agent", "terminal.user_agent");
    assert_int_equal(fr.action, PRIVPOL_ACTION_GENERALIZE);
    assert_string_equal(fr.value, "Chrome on Android");

    /* "-" referer and user agent are copied, not fields */
    out = scrub(
        f,
        "37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
        "\"-\"",
        PRIVPOL_OK);
    assert_string_equal(
        out + 35,
        " - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"");
    assert_int_equal(privpol_record_field_count(f->rec), 3);
}

static void
trailing_fields(void **state)
{
    struct support_records *f = *state;
    static const char line[] =
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" "
        "\"203.0.113.5, 198.51.100.23\" 0.123 203.0.113.5,2001:db8::17 \"-\" -";
    const char *out = scrub(f, line, PRIVPOL_OK), *p;
    privpol_record_field a = PRIVPOL_RECORD_FIELD_INIT, b = PRIVPOL_RECORD_FIELD_INIT;

    assert_null(strstr(out, "203.0.113.5"));
    assert_null(strstr(out, "198.51.100.23"));
    assert_null(strstr(out, "2001:db8"));
    assert_null(strstr(out, "0.123")); /* an unclassified value is never kept in clear */
    p = after(out + 35,
              " - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" ");
    /* each address of the X-Forwarded-For list by itself, the separators kept */
    assert_true(p[0] == '"' && pseudonym_at(p + 1));
    p = after(p + 36, ", ");
    assert_true(pseudonym_at(p));
    p = after(p + 35, "\" ");
    assert_true(pseudonym_at(p)); /* 0.123 */
    p = after(p + 35, " ");
    assert_true(pseudonym_at(p));
    p = after(p + 35, ",");
    assert_true(pseudonym_at(p));
    assert_string_equal(p + 35, " \"-\" -");

    assert_int_equal(privpol_record_field_count(f->rec), 8);
    a = field_is(f->rec, 3, "x_forwarded_for", "connection.ip_address");
    assert_int_equal(a.action, PRIVPOL_ACTION_PSEUDONYMIZE);
    field_is(f->rec, 4, "x_forwarded_for", "connection.ip_address");
    field_is(f->rec, 5, "field_11", "unknown");
    b = field_is(f->rec, 6, "field_12", "connection.ip_address");
    field_is(f->rec, 7, "field_12", "connection.ip_address");
    /* the same address gets the same pseudonym wherever it is */
    assert_int_equal(a.value_len, b.value_len);
    assert_memory_equal(a.value, b.value, a.value_len);

    /* items of an X-Forwarded-For that are not addresses are unknown data */
    out =
        scrub(f,
              "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
              "\"-\" \"unknown, 203.0.113.5:8443\"",
              PRIVPOL_OK);
    assert_null(strstr(out, "unknown"));
    assert_null(strstr(out, "203.0.113.5"));
    field_is(f->rec, 3, "x_forwarded_for", "unknown");
    field_is(f->rec, 4, "x_forwarded_for", "unknown");

    /* under statistics the addresses are not collected: "-" in their place */
    out = scrub_as(f, "statistics", line, PRIVPOL_OK);
    p = after(out,
              "- - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\" "
              "\"-, -\" ");
    assert_true(pseudonym_at(p));
    assert_string_equal(p + 35, " -,- \"-\" -");
}

/* ---- each field -------------------------------------------------------------------- */

static void
ident_and_user(void **state)
{
    struct support_records *f = *state;
    static const char line[] =
        "2001:db8::1 identd julie.martin [06/Jan/2025:09:00:00 +0100] "
        "\"POST /login HTTP/1.1\" 302 -";
    const char *out = scrub(f, line, PRIVPOL_OK), *p;
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;

    assert_null(strstr(out, "identd"));
    assert_null(strstr(out, "julie"));
    assert_null(strstr(out, "2001:db8"));
    assert_true(pseudonym_at(out) && out[35] == ' ');
    assert_true(pseudonym_at(out + 36) && out[71] == ' ');
    assert_true(pseudonym_at(out + 72));
    p = after(out + 107, " [06/Jan/2025:09:00:00 +0100] \"POST /login HTTP/1.1\" 302 -");
    assert_int_equal(*p, '\0');
    field_is(f->rec, 1, "ident", "unknown");
    fr = field_is(f->rec, 2, "user", "unknown");
    assert_int_equal(fr.action, PRIVPOL_ACTION_PSEUDONYMIZE);
    assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.event_time, T0);
}

static void
time_field(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;
    static const char line[] =
        "192.0.2.1 - - [06/Jan/2025:09:42:17 +0100] \"GET / HTTP/1.1\" "
        "200 1";
    const char *out, *other;
    size_t len;

    /* kept: the line's own text; statistics: cut to the hour, written in UTC */
    out = scrub(f, line, PRIVPOL_OK);
    assert_non_null(strstr(out, " [06/Jan/2025:09:42:17 +0100] "));
    assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.event_time, T0 + 42 * 60 + 17);
    out = scrub_as(f, "statistics", line, PRIVPOL_OK);
    assert_string_equal(out,
                        "- - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1");

    /* the tag's event time, when set, is the event time (the pseudonym's epoch) */
    tag.tenant = "acme";
    tag.event_time = T0 + 86400 * 400;
    assert_int_equal(privpol_record_scrub_accesslog(f->rec, &tag, line, sizeof line - 1,
                                                    &other, &len, NULL),
                     PRIVPOL_OK);
    assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.event_time, T0 + 86400 * 400);

    /* a request version this library does not know */
    {
        privpol_record_request bad = PRIVPOL_RECORD_REQUEST_INIT;
        bad.tenant = "acme";
        bad.version = PRIVPOL_RECORD_REQUEST_VERSION + 1;
        assert_int_equal(privpol_record_scrub_accesslog(f->rec, &bad, line, sizeof line - 1,
                                                        &other, &len, NULL),
                         PRIVPOL_EVERSION);
    }
}

static void
garbage_request(void **state)
{
    struct support_records *f = *state;
    static const char tls[] = "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] "
                              "\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03"
                              "\\x8A\" 400 157 \"-\" \"-\"";
    static const char *const odd[] = {
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"-\" 408 0 \"-\" \"-\"",
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"get / HTTP/1.1\" 400 0",
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"+33612345678 / HTTP/1.1\" 400 0",
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1 jean@x.fr\" 400 0",
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET  / HTTP/1.1\" 400 0",
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / JEAN/1.1\" 400 0",
    };
    const char *out = scrub(f, tls, PRIVPOL_OK), *p;
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;

    p = after(out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"");
    assert_true(pseudonym_at(p));
    assert_string_equal(p + 35, "\" 400 157 \"-\" \"-\"");
    fr = field_is(f->rec, 2, "request", "unknown");
    assert_int_equal(fr.action, PRIVPOL_ACTION_PSEUDONYMIZE);
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        out = scrub(f, odd[i], PRIVPOL_OK);
        p = after(out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"");
        if (!pseudonym_at(p) || p[35] != '"')
            fail_msg("case %zu: %s", i, out);
        field_is(f->rec, 2, "request", "unknown");
    }
    /* an empty request line says nothing */
    out = scrub(f, "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"\" 400 0", PRIVPOL_OK);
    assert_string_equal(out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"\" 400 0");
}

static void
quoted_escapes(void **state)
{
    struct support_records *f = *state;
    /* kept values keep their escapes byte for byte; the record gets the decoded value */
    static const char line[] =
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET /caf\\xC3\\xA9 HTTP/1.1\" 200 "
        "1 "
        "\"https://example.fr/q?\\\"a\\\\b\\\"&c=\\x22d\\x5C\" \"-\"";
    const char *out = scrub(f, line, PRIVPOL_OK);
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;

    assert_string_equal(out + 35, strchr(line, ' '));
    fr = field_is(f->rec, 2, "url", "usage.journey");
    assert_string_equal(fr.value, "/caf\xC3\xA9");
    fr = field_is(f->rec, 3, "referer", "usage.journey");
    assert_string_equal(fr.value, "https://example.fr/q?\"a\\b\"&c=\"d\\");

    /* a value whose escapes stand for something that is not UTF-8 text is unknown data */
    out = scrub(f,
                "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 "
                "\"https://example.fr/\\xFF\\x00\" \"-\"",
                PRIVPOL_OK);
    assert_null(strstr(out, "example.fr"));
    field_is(f->rec, 3, "referer", "unknown");

    /* transformed values never break the quoting: the line is read again the same way */
    out =
        scrub(f,
              "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
              "\"-\" \"-\" \"a \\\"quoted\\\" \\\\ value\" tail\\\"x",
              PRIVPOL_OK);
    {
        char again[512];
        const char *out2;
        snprintf(again, sizeof again, "192.0.2.1%s", strchr(out, ' '));
        out2 = scrub(f, again, PRIVPOL_OK);
        assert_int_equal(privpol_record_field_count(f->rec), 5);
        field_is(f->rec, 3, "field_11", "unknown");
        field_is(f->rec, 4, "field_12", "unknown");
        assert_string_equal(strchr(out2, ' '), strchr(again, ' '));
    }
}

static void
rejects(void **state)
{
    struct support_records *f = *state;
    static const struct {
        const char *line;
        size_t len;
        size_t column;
    } bad[] = {
#define L(s, col) {s, sizeof(s) - 1, col}
        L("host.example.com - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
          1),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00] \"GET / HTTP/1.1\" 200 1", 18),
        L("37.96.190.25 - - [31/Feb/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1", 19),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1 200 1", 68),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 2000 1", 64),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 x", 68),
        /* a status outside 100-599 ("020 1532" reads as a phone number) */
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 020 1532",
          64),
        /* a size with a leading zero: no web server writes one */
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 "
          "0612345678",
          68),
        /* a referer without a user agent; an unquoted referer */
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\"",
          73),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 0.12",
          70),
        /* a closing quote followed by something else than a space */
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
          "\"-\"x",
          77),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
          "\"-\" "
          "\"open",
          83),
        /* invalid UTF-8 and NUL bytes, wherever they are */
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET /\xff HTTP/1.1\" 200 1",
          53),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 "
          "\"\xc3\x28\" "
          "\"-\"",
          71),
        L("37.96.190.25 - \xe0\x80\x80 [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" "
          "200 1",
          16),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
          "\"\xed"
          "\xa0\x80\"",
          75),
        L("37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET /\0 HTTP/1.1\" 200 1", 53),
        L(" 37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1", 1),
        L("37.96.190.25", 13),
        L("", 1),
#undef L
    };
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;

    tag.tenant = "acme";
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *out = "x";
        size_t len = 1;
        privpol_error err;
        privpol_status st = privpol_record_scrub_accesslog(f->rec, &tag, bad[i].line,
                                                           bad[i].len, &out, &len, &err);
        if (st != PRIVPOL_EPARSE || err.column != bad[i].column)
            fail_msg("case %zu: status %d, column %zu (%s), wanted EPARSE at %zu", i, st,
                     err.column, err.message, bad[i].column);
        assert_null(out);
        assert_int_equal(len, 0);
    }
}

/* ---- what needs the scrubbing of kept strings in the record (record.c) ----------------
 * The request's target and the referer are usage.journey, which the policy keeps: the
 * pipeline scrubs kept text (URLs parsed, each piece classified; other text scanned). */

static void
identifiers_in_urls(void **state)
{
    struct support_records *f = *state;
    static const char line[] =
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET /account/+33612345678?email="
        "jean%40x.fr HTTP/1.1\" 200 1 "
        "\"https://example.fr/profil/jean.dupont@example.org?"
        "ip=198.51.100.23\" \"Mozilla/5.0 (Linux; Android 12) Chrome/131.0 Mobile "
        "Safari/537.36\"";
    const char *out = scrub(f, line, PRIVPOL_OK);

    assert_null(strstr(out, "612345678"));
    assert_null(strstr(out, "jean"));
    assert_null(strstr(out, "dupont"));
    assert_null(strstr(out, "198.51.100.23"));
    assert_non_null(strstr(out, "\"GET /account/"));
    assert_non_null(strstr(out, " HTTP/1.1\" 200 1 \"https://example.fr/profil/"));
    assert_non_null(strstr(out, "\"Chrome on Android\""));
    field_is(f->rec, 2, "url", "usage.journey");
    field_is(f->rec, 3, "referer", "usage.journey");
}

static void
transformed_quotes_escaped(void **state)
{
    struct support_records *f = *state;
    /* a kept referer with quotes and an email: the email is replaced, the quotes that
     * stay are written escaped again */
    static const char line[] =
        "192.0.2.1 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1 "
        "\"https://example.fr/?q=\\\"jean.dupont@example.org\\\"\" \"-\"";
    const char *out = scrub(f, line, PRIVPOL_OK), *q;

    assert_null(strstr(out, "jean"));
    q = strstr(out, "\"https://example.fr/");
    assert_non_null(q);
    /* inside the referer, every quote is escaped; the closing one ends the field */
    for (q++; *q != '\0' && *q != '"'; q++)
        if (*q == '\\')
            q++;
    assert_string_equal(q, "\" \"-\"");
}

/* ---- cost -------------------------------------------------------------------------- */

static void
warm_record_does_not_allocate(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;
    size_t len, before;
    char line[1024];

    tag.tenant = "acme";
    for (int round = 0; round < 2; round++) {
        before = support_allocations;
        for (int i = 0; i < 200; i++) {
            int n;
            switch (i % 4) {
            case 0:
                n = snprintf(
                    line, sizeof line,
                    "10.0.%d.%d - - [06/Jan/2025:08:%02d:00 +0000] \"GET /a/%d?b=%d "
                    "HTTP/1.1\" 200 %d",
                    i % 256, i % 200, i % 60, i, i, 100 + i);
                break;
            case 1:
                n = snprintf(
                    line, sizeof line,
                    "2001:db8::%x - user%d [06/Jan/2025:08:%02d:00 +0100] \"POST "
                    "/login HTTP/1.1\" 302 - \"https://example.fr/%d\" "
                    "\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                    "Version/17.0 Mobile/15E148 Safari/604.1\"",
                    i, i, i % 60, i);
                break;
            case 2:
                n = snprintf(
                    line, sizeof line,
                    "10.1.%d.%d - - [06/Jan/2025:08:%02d:00 +0000] \"GET / HTTP/1.1\" "
                    "200 %d \"-\" \"curl/8.5.0\" \"203.0.113.%d, 198.51.100.%d\" "
                    "0.%03d 192.0.2.%d,192.0.2.%d \"k\\\"%d\"",
                    i % 256, i % 100, i % 60, i, i % 256, i % 200, i, i % 256,
                    (i + 1) % 256, i);
                break;
            default:
                n = snprintf(
                    line, sizeof line,
                    "10.2.0.%d - - [06/Jan/2025:08:%02d:00 +0000] \"\\x16\\x03\\x01"
                    "\\x%02X\" 400 157 \"-\" \"-\"",
                    i % 256, i % 60, i % 256);
                break;
            }
            assert_true(n > 0 && (size_t)n < sizeof line);
            assert_int_equal(privpol_record_scrub_accesslog(f->rec, &tag, line, (size_t)n,
                                                            &out, &len, NULL),
                             PRIVPOL_OK);
        }
        if (round == 1)
            assert_int_equal(support_allocations,
                             before); /* warm: no allocation per line */
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(common_layout),
        cmocka_unit_test(combined_layout),
        cmocka_unit_test(trailing_fields),
        cmocka_unit_test(ident_and_user),
        cmocka_unit_test(time_field),
        cmocka_unit_test(garbage_request),
        cmocka_unit_test(quoted_escapes),
        cmocka_unit_test(rejects),
        cmocka_unit_test(identifiers_in_urls),
        cmocka_unit_test(transformed_quotes_escaped),
        cmocka_unit_test(warm_record_does_not_allocate),
    };
    return cmocka_run_group_tests(tests, support_records_setup, support_records_teardown);
}
