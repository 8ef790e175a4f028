/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy-model.h"
#include "support.h"

/* A sink that keeps the text, and can refuse its Nth piece. */
struct sink {
    char *buf;
    size_t len, cap;
    size_t calls;    /* pieces received */
    size_t fail_at;  /* 1-based piece to refuse; 0: never */
    bool after_fail; /* a piece arrived after the refusal */
};

static int
sink_write(const char *data, size_t len, void *payload)
{
    struct sink *s = payload;
    if (s->fail_at != 0 && s->calls >= s->fail_at)
        s->after_fail = true;
    s->calls++;
    if (s->fail_at != 0 && s->calls == s->fail_at)
        return -1;
    if (s->len + len + 1 > s->cap) {
        size_t cap = (s->len + len + 1) * 2;
        char *p = realloc(s->buf, cap);
        if (p == NULL)
            return -1;
        s->buf = p;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    s->buf[s->len] = '\0';
    return 0;
}

static int
load_policy(void **state)
{
    *state = support_policy_default();
    return 0;
}

static int
free_policy(void **state)
{
    privpol_policy_free(*state);
    return 0;
}

static char *
write_all(const privpol_policy *pol, privpol_ropa_format format, size_t *calls)
{
    struct sink s = {0};
    privpol_error err;
    assert_int_equal(privpol_ropa_write(pol, format, sink_write, &s, &err), PRIVPOL_OK);
    assert_int_equal(err.status, PRIVPOL_OK);
    assert_non_null(s.buf);
    if (calls != NULL)
        *calls = s.calls;
    return s.buf;
}

static void
both_formats_cite_every_purpose(void **state)
{
    const privpol_policy *pol = *state;
    char *md = write_all(pol, PRIVPOL_ROPA_MARKDOWN, NULL);
    char *html = write_all(pol, PRIVPOL_ROPA_HTML, NULL);
    char *again = write_all(pol, PRIVPOL_ROPA_HTML, NULL);
    assert_string_equal(html, again); /* the same bytes on every run */
    assert_true(strncmp(md, "# Record of processing activities\n", 34) == 0);
    assert_true(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
    assert_non_null(strstr(html, "</html>\n"));
    for (size_t i = 0; i < pol->purpose_count; i++) {
        const struct privpol__policy_purpose *p = &pol->purposes[i];
        char want[160];
        snprintf(want, sizeof want, "`%s` (%s)", p->id, p->clause);
        assert_non_null(strstr(md, want));
        snprintf(want, sizeof want, "<code>%s</code> <span class=\"clause\">(%s)</span>",
                 p->id, p->clause);
        assert_non_null(strstr(html, want));
    }
    free(md);
    free(html);
    free(again);
}

/* A refused piece stops the writing at once, whichever piece it is. */
static void
writer_failure_is_eio(void **state)
{
    const privpol_policy *pol = *state;
    size_t total = 0;
    free(write_all(pol, PRIVPOL_ROPA_HTML, &total));
    assert_true(total > 100);
    for (size_t k = 1; k <= total; k += k < 64 ? 1 : 37) {
        struct sink s = {0};
        privpol_error err;
        s.fail_at = k;
        assert_int_equal(privpol_ropa_write(pol, PRIVPOL_ROPA_HTML, sink_write, &s, &err),
                         PRIVPOL_EIO);
        assert_int_equal(err.status, PRIVPOL_EIO);
        assert_int_equal(s.calls, k);
        assert_false(s.after_fail);
        free(s.buf);
    }
}

static void
bad_arguments(void **state)
{
    struct sink s = {0};
    privpol_error err;
    assert_int_equal(privpol_ropa_write(NULL, PRIVPOL_ROPA_HTML, sink_write, &s, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_ropa_write(*state, PRIVPOL_ROPA_HTML, NULL, &s, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_ropa_write(*state, (privpol_ropa_format)2, sink_write, &s,
                                        &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(s.calls, 0);
}

static void
supplement_text_is_escaped(void **state)
{
    static const char sup[] = "privpol-supplement: 1\n"
                              "tenant: t-1\n"
                              "extends: dialonce-privacy-policy\n"
                              "contract: {clause: \"C|1\", period: P1Y}\n"
                              "purposes:\n"
                              "  p1:\n"
                              "    clause: \"X <&> §1\"\n"
                              "    description: \"a|b <i>'q'\\\"\"\n"
                              "    subjects: [end_user]\n"
                              "    categories: [usage.event]\n";
    privpol_policy *pol = support_supplement(*state, sup);
    char *md, *html;
    md = write_all(pol, PRIVPOL_ROPA_MARKDOWN, NULL);
    html = write_all(pol, PRIVPOL_ROPA_HTML, NULL);
    assert_non_null(strstr(html, "X &lt;&amp;&gt; §1"));
    assert_non_null(strstr(html, "a|b &lt;i&gt;&#39;q&#39;&quot;"));
    assert_null(strstr(html, "<i>"));
    assert_non_null(strstr(md, "#### `p1` (X \\<\\&\\> §1)"));
    assert_non_null(strstr(md, "a\\|b \\<i\\>'q'\""));
    assert_non_null(strstr(md, "(C\\|1)"));
    assert_non_null(strstr(html, "customer <code>t-1</code>"));
    free(md);
    free(html);
    privpol_policy_free(pol);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_formats_cite_every_purpose),
        cmocka_unit_test(writer_failure_is_eio),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(supplement_text_is_escaped),
    };
    return cmocka_run_group_tests_name("ropa", tests, load_policy, free_policy);
}
