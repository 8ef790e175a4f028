/* SPDX-License-Identifier: MIT */
/* The record pipeline: fields, decisions, transforms, annotation; one JSON line and one
 * access-log line end to end; hostile JSON; no allocation once warm. */
#include <privpol.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

static const char event[] =
    "{\"ts\":\"2025-01-06T08:00:00.070Z\",\"tenant\":\"acme-fixe-fr\","
    "\"session_id\":\"8d116ece-1738-47d9-bd9c-172411e20b8f\",\"ip\":\"80.31.203.13\","
    "\"msisdn\":\"+34682462819\",\"user_agent\":\"Mozilla/5.0 (Linux; Android 12; SM-S911B) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6097.64 Mobile Safari/537.36\","
    "\"device\":\"mobile\",\"journey\":[\"rdv-technicien\",\"faq/box\"],\"action\":\"app_"
    "launch\",\"duration_ms\":22349}";

static const char *
scrub(privpol_record *r, const privpol_record_request *tag, const char *line, privpol_status want)
{
    const char *out = NULL;
    size_t len = 0;
    privpol_error err;
    privpol_status st = privpol_record_scrub_json(r, tag, line, strlen(line), &out, &len, &err);
    if (st != want)
        fail_msg("status %d (%s: %s), wanted %d, for %s", st, privpol_strerror(st),
                 err.message, want, line);
    if (st == PRIVPOL_OK) {
        assert_non_null(out);
        assert_int_equal(strlen(out), len);
    } else {
        assert_null(out);
    }
    return out;
}

static void
sample_event_processor(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;

    tag.tenant = "acme";
    out = scrub(f->rec, &tag, event, PRIVPOL_OK);
    /* identifiers never in clear */
    assert_null(strstr(out, "80.31.203.13"));
    assert_null(strstr(out, "34682462819"));
    assert_null(strstr(out, "SM-S911B"));
    assert_null(strstr(out, "acme-fixe-fr")); /* unknown field: pseudonymized */
    /* kept as they were */
    assert_non_null(strstr(out, "\"ts\":\"2025-01-06T08:00:00.070Z\""));
    assert_non_null(strstr(out, "\"device\":\"mobile\""));
    assert_non_null(strstr(out, "\"journey\":[\"rdv-technicien\",\"faq/box\"]"));
    assert_non_null(strstr(out, "\"duration_ms\":22349"));
    assert_non_null(strstr(out, "\"ip\":\"pd1.0000000a."));
    assert_non_null(strstr(out, "\"msisdn\":\"pd1.0000000a."));
    assert_non_null(strstr(out, "\"user_agent\":\"Chrome on Android\""));
    /* a cookie id is not collected by the processor (§12.2): dropped */
    assert_null(strstr(out, "session_id"));
    assert_non_null(strstr(out, "\"_privpol\":{\"identifiability\":\"pseudonymous\","
                                "\"retain_until\":null,\"categories\":["));
    assert_non_null(strstr(out, "\"policy\":{\"id\":\"dialonce-privacy-policy\","
                                "\"version\":\"2021.1\"}}}"));
    /* deterministic */
    {
        char *copy = strdup(out);
        assert_string_equal(scrub(f->rec, &tag, event, PRIVPOL_OK), copy);
        free(copy);
    }
}

static void
tenant_field_and_terms(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_retention_terms terms = PRIVPOL_RETENTION_TERMS_INIT;
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;
    const char *out, *a;
    char first[64];

    assert_int_equal(privpol_duration_parse("P13M", 4, &terms.contract_period, NULL),
                     PRIVPOL_OK);
    terms.has_contract_period = true;
    static const char *const known[] = {"globex-be", "acme-fixe-fr"};
    tag.tenant_field = "tenant";
    tag.terms = &terms;
    /* the tenant field may only name a tenant the configuration knows */
    scrub(f->rec, &tag, event, PRIVPOL_ENOTFOUND);
    tag.tenants = known;
    tag.tenant_count = 1;
    scrub(f->rec, &tag, event, PRIVPOL_ENOTFOUND);
    tag.tenant_count = 2;
    out = scrub(f->rec, &tag, event, PRIVPOL_OK);
    assert_non_null(strstr(out, "\"tenant\":\"acme-fixe-fr\""));
    assert_non_null(strstr(out, "\"retain_until\":\"2026-02-06T08:00:00Z\""));
    assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.retention_status, PRIVPOL_OK);
    assert_int_equal(sum.event_time, 1736150400);
    /* another tenant gives other pseudonyms (§7.7) */
    a = strstr(out, "\"ip\":\"");
    assert_non_null(a);
    memcpy(first, a, 48);
    first[48] = '\0';
    tag.tenant_field = NULL;
    tag.tenant = "other";
    out = scrub(f->rec, &tag, event, PRIVPOL_OK);
    assert_null(strstr(out, first));
    /* no tenant at all */
    tag.tenant = NULL;
    tag.tenant_field = "missing";
    scrub(f->rec, &tag, event, PRIVPOL_EINVAL);
}

static void
geolocation_dropped(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;

    tag.tenant = "acme";
    out = scrub(f->rec, &tag,
                "{\"ts\":\"2025-01-06T08:00:00Z\",\"lat\":48.8566,\"lon\":2.3522,"
                "\"geo\":{\"lat\":48.85,\"lon\":2.35},\"location\":\"48.8566,2.3522\","
                "\"device\":\"tablet\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "48.8"));
    assert_null(strstr(out, "2.35"));
    assert_null(strstr(out, "\"geo\""));
    assert_null(strstr(out, "lat"));
    assert_non_null(strstr(out, "{\"ts\":\"2025-01-06T08:00:00Z\",\"device\":\"tablet\","));
}

static void
free_text_spans(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;

    /* interaction_digitization does not collect free text: the comment is dropped */
    tag.tenant = "acme";
    out = scrub(f->rec, &tag,
                "{\"ts\":\"2025-01-06T08:00:00Z\",\"comment\":\"Rappeler au 06 12 34 56 78 "
                "ou jean.dupont@example.fr merci\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "comment"));
    /* interactive_interfaces does: its spans are redacted, the rest kept (§7.7, §15) */
    tag.purpose = "interactive_interfaces";
    out = scrub(f->rec, &tag,
                "{\"ts\":\"2025-01-06T08:00:00Z\",\"comment\":\"Rappeler au 06 12 34 56 78 "
                "ou jean.dupont@example.fr merci\"}",
                PRIVPOL_OK);
    assert_non_null(strstr(out, "\"comment\":\"Rappeler au [contact.phone] ou "
                                "[contact.email] merci\""));
    assert_null(strstr(out, "dupont"));
    assert_null(strstr(out, "56 78"));
}

static void
escapes_and_nesting(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;

    tag.tenant = "acme";
    /* an escaped IP is still an IP; a nested one too; unknown data never in clear */
    out = scrub(f->rec, &tag,
                "{\"client\":{\"ip\":\"80.31.203.\\u0031\\u0033\"},\"x\":[{\"msisdn\":"
                "\"+33612345678\"}],\"note\":\"caf\\u00e9 \\ud83d\\ude00\",\"ok\":true,"
                "\"n\":null,\"e\":{},\"_privpol\":{\"identifiability\":\"non_identifiable\"}}",
                PRIVPOL_OK);
    assert_null(strstr(out, "80.31.203"));
    assert_null(strstr(out, "612345678"));
    assert_null(strstr(out, "caf"));
    assert_non_null(strstr(out, "\"client\":{\"ip\":\"pd1."));
    assert_non_null(strstr(out, "\"n\":null"));
    assert_non_null(strstr(out, "\"e\":{}"));
    assert_null(strstr(out, "non_identifiable\"}"));
    /* exactly one _privpol */
    assert_null(strstr(strstr(out, "_privpol") + 1, "_privpol"));
}

static void
hostile_json(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    static const char *bad[] = {
        "{\"ip\":\"80.31.203.13\"",       /* truncated */
        "{\"ip\":\"80.31.203.13\"}}",     /* extra brace */
        "{\"a\":1} {\"b\":2}",            /* two values */
        "[1,2]",                          /* not an object */
        "\"x\"",                          /* not an object */
        "",                               /* empty */
        "{\"a\":tru}",                    /* bad literal */
        "{\"a\":01}",                     /* bad number */
        "{\"a\":1.}",                     /* bad number */
        "{\"a\":-}",                      /* bad number */
        "{\"a\":\"x\ty\"}",               /* raw control character */
        "{\"a\":\"\\ud800\"}",            /* lone surrogate */
        "{\"a\":\"\\udc00x\"}",           /* lone low surrogate */
        "{\"a\":\"\\u12\"}",              /* short escape */
        "{\"a\":\"\\x\"}",                /* bad escape */
        "{\"a\":\"\xff\"}",               /* invalid UTF-8 */
        "{\"a\":\"\xc0\xaf\"}",           /* overlong */
        "{\"a\" 1}",                      /* no colon */
        "{1:2}",                          /* key not a string */
        "{\"a\"::1}",                     /* two colons */
        "{\"a\":1,}",                     /* trailing comma */
        "{,}",                            /* lone comma */
        "{\"a\":[1,,2]}",                 /* two commas */
        "{\"a\":[1 2]}",                  /* no comma */
        "{\"a\":1 \"b\":2}",              /* no comma between members */
        "{\"a\"}",                        /* key without value */
        "{\"a\":\"b\":\"c\"}",            /* value used as key */
        "{\"a\":[\"b\":1]}",              /* key in an array */
        "{\"a\":1}x",                     /* trailing garbage */
        "x{\"a\":1}",                     /* leading garbage */
        "{\"a\":1,\"b\"}",                /* last key without value */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *out = (const char *)1;
        size_t len = 1;
        privpol_error err;
        privpol_status st = privpol_record_scrub_json(f->rec, &tag, bad[i], strlen(bad[i]),
                                                      &out, &len, &err);
        if (st != PRIVPOL_EPARSE)
            fail_msg("case %zu: status %d, wanted EPARSE", i, st);
        assert_null(out);
        assert_int_equal(len, 0);
        assert_true(strlen(err.message) > 0);
    }
    {
        /* a NUL byte */
        static const char nul[] = "{\"a\":\"x\0y\"}";
        const char *out;
        size_t len;
        assert_int_equal(privpol_record_scrub_json(f->rec, &tag, nul, sizeof nul - 1, &out,
                                                   &len, NULL),
                         PRIVPOL_EPARSE);
    }
    {
        /* too deep, by objects and by arrays */
        char deep[512];
        size_t n = 0;
        tag.tenant = "acme";
        for (int k = 0; k < 65; k++)
            n += (size_t)snprintf(deep + n, sizeof deep - n, "{\"a\":");
        deep[n++] = '1';
        for (int k = 0; k < 65; k++)
            deep[n++] = '}';
        deep[n] = '\0';
        scrub(f->rec, &tag, deep, PRIVPOL_ELIMIT);
        n = 0;
        n += (size_t)snprintf(deep, sizeof deep, "{\"a\":");
        for (int k = 0; k < 64; k++)
            deep[n++] = '[';
        for (int k = 0; k < 64; k++)
            deep[n++] = ']';
        deep[n++] = '}';
        deep[n] = '\0';
        scrub(f->rec, &tag, deep, PRIVPOL_ELIMIT);
        /* 63 arrays in the object: depth 64, accepted */
        n = 0;
        n += (size_t)snprintf(deep, sizeof deep, "{\"a\":");
        for (int k = 0; k < 63; k++)
            deep[n++] = '[';
        for (int k = 0; k < 63; k++)
            deep[n++] = ']';
        deep[n++] = '}';
        deep[n] = '\0';
        scrub(f->rec, &tag, deep, PRIVPOL_OK);
    }
}

static void
line_endings(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    char a[256], b[256];

    tag.tenant = "acme";
    snprintf(a, sizeof a, "%s", scrub(f->rec, &tag, "{\"ip\":\"10.0.0.1\",\"ts\":0}", PRIVPOL_OK));
    snprintf(b, sizeof b, "%s",
             scrub(f->rec, &tag, "{\"ip\":\"10.0.0.1\",\"ts\":0}\r\n", PRIVPOL_OK));
    assert_string_equal(a, b);
    assert_null(strchr(a, '\n'));
}

static void
record_api(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;
    privpol_decision d = PRIVPOL_DECISION_INIT;
    privpol_category geo;
    privpol_category cat;
    privpol_category ip;
    privpol_record *r = f->rec;

    assert_int_equal(privpol_category_find("connection.ip_address", &ip, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_category_find("geolocation.precise", &geo, NULL), PRIVPOL_OK);
    privpol_record_clear(r);
    assert_int_equal(privpol_record_add(r, "addr", 4, "192.0.2.7", 9, ip, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_add(r, "where", 5, "48.85,2.35", 10, geo, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_add(r, "device", 6, "mobile", 6, PRIVPOL_CAT_AUTO, NULL),
                     PRIVPOL_OK);
    assert_int_equal(privpol_record_add(r, "addr2", 5, "not an ip", 9, ip, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_add(r, "x", 1, "v", 1, 999, NULL), PRIVPOL_ENOTFOUND);
    /* results before processing: misuse */
    assert_int_equal(privpol_record_get_field(r, 0, &fr, NULL), PRIVPOL_EINVAL);
    tag.tenant = "acme";
    tag.event_time = 1736150400;
    assert_int_equal(privpol_record_process(r, &tag, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_process(r, &tag, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_record_add(r, "late", 4, "v", 1, ip, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_record_field_count(r), 4);

    assert_int_equal(privpol_record_get_field(r, 0, &fr, NULL), PRIVPOL_OK);
    assert_string_equal(fr.name, "addr");
    assert_int_equal(fr.category, ip);
    assert_int_equal(fr.action, PRIVPOL_ACTION_PSEUDONYMIZE);
    assert_int_equal(fr.value_len, 35);
    assert_memory_equal(fr.value, "pd1.0000000a.", 13);
    assert_string_equal(fr.clause, "§7.6");

    assert_int_equal(privpol_record_get_field(r, 1, &fr, NULL), PRIVPOL_OK);
    assert_int_equal(fr.action, PRIVPOL_ACTION_DROP);
    assert_null(fr.value);
    assert_string_equal(fr.clause, "§12.3");

    assert_int_equal(privpol_record_get_field(r, 2, &fr, NULL), PRIVPOL_OK);
    assert_int_equal(fr.action, PRIVPOL_ACTION_KEEP);
    assert_string_equal(fr.value, "mobile");

    /* declared as an IP but not one: unknown, pseudonymized opaquely, never in clear */
    assert_int_equal(privpol_record_get_field(r, 3, &fr, NULL), PRIVPOL_OK);
    assert_int_equal(fr.action, PRIVPOL_ACTION_PSEUDONYMIZE);
    assert_string_equal(privpol_category_id(fr.category), "unknown");
    assert_null(strstr(fr.value, "not an ip"));
    assert_int_equal(privpol_record_get_field(r, 4, &fr, NULL), PRIVPOL_ENOTFOUND);

    assert_int_equal(privpol_record_get_summary(r, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.event_time, 1736150400);
    assert_true(sum.dropped & ((uint64_t)1 << geo));
    assert_false(sum.categories & ((uint64_t)1 << geo));
    assert_true(sum.categories & ((uint64_t)1 << ip));
    assert_int_equal(sum.retention_status, PRIVPOL_ETERMS);
    assert_int_equal(sum.retain_until, 0);
    assert_int_equal(sum.identifiability, PRIVPOL_PSEUDONYMOUS);
    assert_int_equal(sum.decision_count, 3); /* ip, geolocation, device type (+ unknown) */
    assert_int_equal(privpol_record_get_decision(r, 0, &cat, &d, NULL), PRIVPOL_OK);
    assert_int_equal(cat, ip);
    assert_int_equal(d.verdict, PRIVPOL_ALLOW);
    assert_int_equal(privpol_record_get_decision(r, 1, &cat, &d, NULL), PRIVPOL_OK);
    assert_int_equal(cat, geo);
    assert_int_equal(d.verdict, PRIVPOL_DENY);
    assert_string_equal(d.clause, "§12.3");
    assert_int_equal(privpol_record_get_decision(r, 9, &cat, &d, NULL), PRIVPOL_ENOTFOUND);

    /* bad tags */
    privpol_record_clear(r);
    tag.version = 99;
    assert_int_equal(privpol_record_process(r, &tag, NULL), PRIVPOL_EVERSION);
    tag.version = PRIVPOL_RECORD_REQUEST_VERSION;
    tag.purpose = "prospecting"; /* a controller purpose */
    assert_int_equal(privpol_record_process(r, &tag, NULL), PRIVPOL_ENOTFOUND);
    tag.purpose = NULL;
    tag.tenant = NULL;
    assert_int_equal(privpol_record_process(r, &tag, NULL), PRIVPOL_EINVAL);
}

static void
controller_reversible(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out, *tok;
    char tokbuf[256], plain[64];
    size_t n, plain_len = sizeof plain;

    tag.role = PRIVPOL_ROLE_CONTROLLER;
    tag.purpose = "user_support";
    tag.tenant = "dialonce";
    out = scrub(f->crec, &tag, "{\"email\":\"Jane.Doe@Example.com\",\"ts\":\"2025-01-06T08:00:00Z\"}",
                PRIVPOL_OK);
    tok = strstr(out, "\"email\":\"pr1.");
    assert_non_null(tok);
    tok += 9;
    n = (size_t)(strchr(tok, '"') - tok);
    assert_true(n < sizeof tokbuf);
    memcpy(tokbuf, tok, n);
    tokbuf[n] = '\0';
    assert_int_equal(privpol_reveal(f->ctrl, "dialonce", tokbuf, n, NULL, plain, &plain_len, NULL),
                     PRIVPOL_OK);
    assert_string_equal(plain, "jane.doe@example.com");

    /* statistics: times cut to the hour, addresses to their prefix */
    tag.purpose = "statistics";
    out = scrub(f->crec, &tag,
                "{\"ts\":\"2025-01-06T08:42:17Z\",\"ip\":\"80.31.203.13\",\"action\":\"x\"}",
                PRIVPOL_OK);
    assert_non_null(strstr(out, "\"ts\":\"2025-01-06T08:00:00Z\""));
}

static void
accesslog(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    static const char line[] =
        "37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET /assistance/facture HTTP/1.1\" "
        "200 8325 \"https://assistance.example.fr/\" \"Mozilla/5.0 (iPhone)\"\n";
    const char *out;
    size_t len;
    privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;

    tag.tenant = "acme";
    assert_int_equal(privpol_record_scrub_accesslog(f->rec, &tag, line, sizeof line - 1, &out,
                                                    &len, NULL),
                     PRIVPOL_OK);
    /* every field through the pipeline: the host pseudonymized, the user agent generalized,
     * the request and the referer (nothing in them to replace) kept */
    assert_memory_equal(out, "pd1.0000000a.", 13);
    assert_string_equal(out + 35, " - - [06/Jan/2025:08:00:00 +0000] \"GET /assistance/facture "
                                  "HTTP/1.1\" 200 8325 \"https://assistance.example.fr/\" "
                                  "\"other on iOS\"");
    assert_int_equal(out[len], '\0');
    assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
    assert_int_equal(sum.event_time, 1736150400);

    /* the same address in JSON gets the same pseudonym at the same time */
    {
        char tok[36];
        const char *j;
        memcpy(tok, out, 35);
        tok[35] = '\0';
        j = scrub(f->rec, &tag, "{\"ip\":\"37.96.190.25\",\"ts\":\"2025-01-06T08:00:00Z\"}",
                  PRIVPOL_OK);
        assert_non_null(strstr(j, tok));
    }
    {
        static const char *bad[] = {
            "host.example.com - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
            "37.96.190.25 - - [06/Jan/2025:08:00:00] \"GET / HTTP/1.1\" 200 1",
            "37.96.190.25 - - [31/Feb/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 1",
            "37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1 200 1",
            "37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 2000 1",
            "37.96.190.25 - - [06/Jan/2025:08:00:00 +0000] \"GET / HTTP/1.1\" 200 x",
            "37.96.190.25",
            "",
        };
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            privpol_status st = privpol_record_scrub_accesslog(f->rec, &tag, bad[i],
                                                               strlen(bad[i]), &out, &len, NULL);
            if (st != PRIVPOL_EPARSE)
                fail_msg("case %zu: status %d", i, st);
        }
    }
    {
        /* a remote user name is never kept in clear; common format without referer */
        static const char u[] =
            "2001:db8::1 - alice [06/Jan/2025:08:00:00 +0100] \"GET / HTTP/1.1\" 304 -";
        assert_int_equal(privpol_record_scrub_accesslog(f->rec, &tag, u, sizeof u - 1, &out,
                                                        &len, NULL),
                         PRIVPOL_OK);
        assert_null(strstr(out, "alice"));
        assert_null(strstr(out, "2001:db8"));
        assert_non_null(strstr(out, " [06/Jan/2025:08:00:00 +0100] \"GET / HTTP/1.1\" 304 -"));
        assert_int_equal(privpol_record_get_summary(f->rec, &sum, NULL), PRIVPOL_OK);
        assert_int_equal(sum.event_time, 1736150400 - 3600);
    }
}

/* The members of an output object, the keys decoded: a tiny reader good enough for the
 * compact JSON the library writes (no nesting in the values looked at). */
static bool
has_key(const char *out, const char *key)
{
    char pat[256];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    return strstr(out, pat) != NULL;
}

static void
keys_are_data(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;
    char *copy;

    tag.tenant = "acme";
    /* an IP address as a key: pseudonymized (the processor collects IPs) */
    out = scrub(f->rec, &tag, "{\"x\":{\"192.0.2.1\":1}}", PRIVPOL_OK);
    assert_null(strstr(out, "192.0.2.1"));
    assert_non_null(strstr(out, "{\"x\":{\"pd1.0000000a."));
    /* escaped forms are read as decoded; an email key is dropped with its member
     * (the processor does not collect email addresses), so is a card number */
    out = scrub(f->rec, &tag,
                "{\"users\":{\"jean.dupont\\u0040example.fr\":{\"a\":1},\"ok\":2},"
                "\"4111111111111111\":true}",
                PRIVPOL_OK);
    assert_null(strstr(out, "dupont"));
    assert_null(strstr(out, "4111"));
    assert_non_null(strstr(out, "{\"users\":{\"ok\":"));
    /* one number written twice is one pseudonym: the second key gets ~2, no member is
     * lost */
    out = scrub(f->rec, &tag,
                "{\"a\":{\"+33612345678\":\"v1\",\"+33 6 12 34 56 78\":\"v2\"}}", PRIVPOL_OK);
    copy = strdup(out);
    assert_null(strstr(copy, "612345678"));
    {
        const char *k1 = strstr(copy, "\"pd1.0000000a."), *k2;
        char key[64];
        assert_non_null(k1);
        memcpy(key, k1 + 1, 35);
        key[35] = '\0';
        k2 = strstr(k1 + 36, key);
        assert_non_null(k2);
        assert_memory_equal(k2 + 35, "~2\"", 3);
    }
    free(copy);
    /* a key that is a name is kept, scanned like a kept value */
    out = scrub(f->rec, &tag, "{\"login jean@example.fr\":\"x\",\"user-agent\":\"y\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "jean@"));
    assert_true(has_key(out, "login [contact.email]"));
    assert_true(has_key(out, "user-agent"));
    /* the output is accepted again, unchanged but for the annotation (its pseudonyms
     * pass through) */
    out = scrub(f->rec, &tag, "{\"x\":{\"192.0.2.1\":\"a\"}}", PRIVPOL_OK);
    copy = strdup(out);
    {
        size_t n = (size_t)(strstr(copy, ",\"_privpol\"") - copy);
        assert_memory_equal(scrub(f->rec, &tag, copy, PRIVPOL_OK), copy, n);
    }
    free(copy);
}

static void
kept_values_scrubbed(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_record_field fr = PRIVPOL_RECORD_FIELD_INIT;
    const char *out;

    tag.tenant = "acme";
    /* identifiers in kept fields: pseudonymized where collected, labelled where not */
    out = scrub(f->rec, &tag,
                "{\"action\":\"call +33 6 12 34 56 78 from 192.0.2.44 by jean@example.fr\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "12 34"));
    assert_null(strstr(out, "192.0.2"));
    assert_null(strstr(out, "jean@"));
    assert_non_null(strstr(out, "[contact.email]"));
    assert_non_null(strstr(out, "from pd1.0000000a."));
    assert_int_equal(privpol_record_get_field(f->rec, 0, &fr, NULL), PRIVPOL_OK);
    assert_int_equal(fr.action, PRIVPOL_ACTION_REDACT);
    /* URLs: user-info removed, each part classified, a dropped parameter left out,
     * percent escapes decoded, parts nothing changes kept as written */
    out = scrub(f->rec, &tag,
                "{\"page\":\"https://jean.dupont:secret@x.example/a%20b/+33612345678/"
                "?card=4111111111111111&ip=192.0.2.7&q=ok&e=jean%40example.fr#192.0.2.9\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "secret"));
    assert_null(strstr(out, "dupont"));
    assert_null(strstr(out, "4111"));
    assert_null(strstr(out, "192.0.2"));
    assert_null(strstr(out, "612345678"));
    assert_non_null(strstr(out, "\"https://x.example/a%20b/pd1.0000000a."));
    assert_non_null(strstr(out, "?ip=pd1.0000000a."));
    assert_non_null(strstr(out, "&q=ok#pd1.0000000a.")); /* e=: email, not collected */
    /* relative references and opaque schemes */
    out = scrub(f->rec, &tag,
                "{\"journey\":[\"/account/+33612345678/bills\",\"mailto:jean@example.fr\","
                "\"faq/box\"]}",
                PRIVPOL_OK);
    assert_null(strstr(out, "612345678"));
    assert_null(strstr(out, "jean@"));
    assert_non_null(strstr(out, "\"faq/box\""));
    /* a URL liburiparser refuses is scanned as text, escapes decoded */
    out = scrub(f->rec, &tag, "{\"page\":\"https://x.example/a b?tel=%2B33612345678\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "33612345678"));
    /* numbers: a statistic shaped like a phone number is that phone number */
    out = scrub(f->rec, &tag, "{\"status\":33612345678,\"duration_ms\":22349,\"count\":12}",
                PRIVPOL_OK);
    assert_null(strstr(out, "33612345678"));
    assert_non_null(strstr(out, "\"duration_ms\":22349,\"count\":12"));
    /* a device field that holds no device type is unknown data */
    out = scrub(f->rec, &tag, "{\"device\":\"iPhone de Jean Dupont\",\"os\":\"mobile\"}",
                PRIVPOL_OK);
    assert_null(strstr(out, "Dupont"));
    assert_non_null(strstr(out, "\"os\":\"mobile\""));
    /* clean kept values stay byte for byte, escapes included */
    out = scrub(f->rec, &tag, "{\"action\":\"app\\u005flaunch\",\"journey\":[\"/a/b?x=1\"]}",
                PRIVPOL_OK);
    assert_non_null(strstr(out, "{\"action\":\"app\\u005flaunch\",\"journey\":[\"/a/b?x=1\"]"));
}

static void
warm_record_does_not_allocate(void **state)
{
    struct support_records *f = *state;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    const char *out;
    size_t len, before;
    char line[1024];

    static const char *const known[] = {"acme-0", "acme-1", "acme-2"};
    tag.tenant_field = "tenant";
    tag.tenants = known;
    tag.tenant_count = 3;
    for (int round = 0; round < 2; round++) {
        before = support_allocations;
        for (int i = 0; i < 200; i++) {
            snprintf(line, sizeof line,
                     "{\"ts\":\"2025-01-06T08:%02d:00Z\",\"tenant\":\"acme-%d\",\"ip\":\"10.0.%d.%d\","
                     "\"msisdn\":\"+336%08d\",\"device\":\"mobile\",\"journey\":[\"a\",\"b\"],"
                     "\"lat\":1.5,\"duration_ms\":%d,\"action\":\"login u%d@example.fr\","
                     "\"page\":\"https://u:p@x.example/a/+336%08d?ip=10.1.0.%d#x\","
                     "\"10.2.0.%d\":{\"b\":true}}",
                     i % 60, i % 3, i % 256, i % 200, 12345678 + i, i, i, 12345678 + i,
                     i % 256, i % 256);
            assert_int_equal(privpol_record_scrub_json(f->rec, &tag, line, strlen(line), &out,
                                                       &len, NULL),
                             PRIVPOL_OK);
        }
        if (round == 1)
            assert_int_equal(support_allocations,
                             before); /* warm: no allocation per record */
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_event_processor),
        cmocka_unit_test(tenant_field_and_terms),
        cmocka_unit_test(keys_are_data),
        cmocka_unit_test(kept_values_scrubbed),
        cmocka_unit_test(geolocation_dropped),
        cmocka_unit_test(free_text_spans),
        cmocka_unit_test(escapes_and_nesting),
        cmocka_unit_test(hostile_json),
        cmocka_unit_test(line_endings),
        cmocka_unit_test(record_api),
        cmocka_unit_test(controller_reversible),
        cmocka_unit_test(accesslog),
        cmocka_unit_test(warm_record_does_not_allocate),
    };
    return cmocka_run_group_tests(tests, support_records_setup, support_records_teardown);
}
