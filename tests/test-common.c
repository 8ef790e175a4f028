/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "support.h"

static void
strerror_covers_every_status(void **state)
{
    (void)state;
    for (int s = PRIVPOL_ELIMIT; s <= PRIVPOL_OK; s++) {
        const char *t = privpol_strerror(s);
        assert_non_null(t);
        assert_string_not_equal(t, "unknown status");
    }
    assert_string_equal(privpol_strerror(-1000), "unknown status");
    assert_string_equal(privpol_strerror(7), "unknown status");
}

static void
status_values_are_stable(void **state)
{
    (void)state;
    /* ABI: these numbers never change. */
    assert_int_equal(PRIVPOL_EINVAL, -1);
    assert_int_equal(PRIVPOL_ENOMEM, -2);
    assert_int_equal(PRIVPOL_EBUFSIZE, -3);
    assert_int_equal(PRIVPOL_EPARSE, -4);
    assert_int_equal(PRIVPOL_ENOTFOUND, -5);
    assert_int_equal(PRIVPOL_ECRYPTO, -6);
    assert_int_equal(PRIVPOL_EVERSION, -7);
    assert_int_equal(PRIVPOL_EIO, -8);
    assert_int_equal(PRIVPOL_EPERM, -9);
    assert_int_equal(PRIVPOL_EDENIED, -10);
    assert_int_equal(PRIVPOL_EAUTH, -11);
    assert_int_equal(PRIVPOL_EVALUE, -12);
    assert_int_equal(PRIVPOL_ENOKEY, -13);
    assert_int_equal(PRIVPOL_EEXIST, -14);
    assert_int_equal(PRIVPOL_ETERMS, -15);
}

static void
error_detail(void **state)
{
    privpol_error err;
    char longmsg[1000];
    (void)state;
    privpol_error_clear(NULL);
    assert_int_equal(privpol__fail_at(&err, PRIVPOL_EPARSE, 3, 7, "bad"), PRIVPOL_EPARSE);
    assert_int_equal(err.status, PRIVPOL_EPARSE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 7);
    assert_string_equal(err.message, "bad");
    privpol_error_clear(&err);
    assert_int_equal(err.status, PRIVPOL_OK);
    assert_string_equal(err.message, "");
    assert_int_equal(privpol__fail(&err, PRIVPOL_ENOMEM, NULL), PRIVPOL_ENOMEM);
    assert_string_equal(err.message, privpol_strerror(PRIVPOL_ENOMEM));
    memset(longmsg, 'x', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = '\0';
    privpol__fail(&err, PRIVPOL_EINVAL, longmsg);
    assert_int_equal(strlen(err.message), PRIVPOL_ERROR_MESSAGE_SIZE - 1);
    assert_int_equal(privpol__fail(NULL, PRIVPOL_EIO, "x"), PRIVPOL_EIO);
}

static void
versions_agree(void **state)
{
    (void)state;
    assert_int_equal(privpol_version_number(), PRIVPOL_VERSION_NUMBER);
    assert_string_equal(privpol_version_string(), PRIVPOL_VERSION_STRING);
    assert_int_equal(privpol_init(NULL), PRIVPOL_OK);
}

struct counting {
    size_t allocs, frees;
};

static void *
count_alloc(size_t n, void *opaque)
{
    ((struct counting *)opaque)->allocs++;
    return malloc(n);
}

static void *
count_realloc(void *p, size_t n, void *opaque)
{
    (void)opaque;
    return realloc(p, n);
}

static void
count_free(void *p, void *opaque)
{
    ((struct counting *)opaque)->frees++;
    free(p);
}

static void
context_options_and_allocator(void **state)
{
    struct counting c = {0, 0};
    privpol_allocator a = {count_alloc, count_realloc, count_free, &c};
    privpol_ctx_options o;
    privpol_ctx *ctx = NULL;
    privpol_keyring *kr = NULL;
    privpol_period p;
    privpol_error err;
    const privpol_period_rule rules[] = {{PRIVPOL_CAT_CONNECTION_IP_ADDRESS, PRIVPOL_PERIOD_DAY},
                                         {PRIVPOL_CAT_TERMINAL_MSISDN, PRIVPOL_PERIOD_MONTH}};
    (void)state;

    privpol_ctx_options_init(&o);
    assert_int_equal(o.version, PRIVPOL_CTX_OPTIONS_VERSION);
    assert_string_equal(o.default_region, "FR");
    assert_int_equal(o.role, PRIVPOL_ROLE_PROCESSOR);
    assert_int_equal(privpol_ctx_options_size(), sizeof o);

    assert_int_equal(privpol_keyring_generate(0, &a, &kr, NULL), PRIVPOL_OK);
    o.allocator = &a;
    o.keyring = kr;
    o.periods = rules;
    o.periods_len = 2;
    o.default_period = PRIVPOL_PERIOD_WEEK;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_OK);
    privpol_keyring_free(kr); /* the context holds its own copy */
    assert_int_equal(privpol_ctx_period(ctx, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, &p, NULL), PRIVPOL_OK);
    assert_int_equal(p, PRIVPOL_PERIOD_DAY);
    assert_int_equal(privpol_ctx_period(ctx, PRIVPOL_CAT_TERMINAL_MSISDN, &p, NULL), PRIVPOL_OK);
    assert_int_equal(p, PRIVPOL_PERIOD_MONTH);
    assert_int_equal(privpol_ctx_period(ctx, PRIVPOL_CAT_CONTACT_EMAIL, &p, NULL), PRIVPOL_OK);
    assert_int_equal(p, PRIVPOL_PERIOD_WEEK);
    assert_int_equal(privpol_ctx_period(ctx, (privpol_category)999, &p, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_ctx_role(ctx), PRIVPOL_ROLE_PROCESSOR);
    privpol_ctx_free(ctx);
    assert_true(c.allocs >= 2);
    assert_int_equal(c.allocs, c.frees);
    privpol_ctx_free(NULL);
}

static void
context_rejects_bad_options(void **state)
{
    privpol_ctx_options o;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    const privpol_period_rule bad_cat[] = {{(privpol_category)99, PRIVPOL_PERIOD_DAY}};
    (void)state;

    assert_int_equal(privpol_ctx_new(NULL, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_ctx_new(NULL, &ctx, NULL), PRIVPOL_OK);
    privpol_ctx_free(ctx);

    privpol_ctx_options_init(&o);
    o.version = 99;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_EVERSION);
    assert_null(ctx);

    privpol_ctx_options_init(&o);
    o.flags = PRIVPOL_CTX_ALLOW_REVEAL; /* processor: never */
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_EDENIED);
    o.role = PRIVPOL_ROLE_CONTROLLER;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_OK);
    privpol_ctx_free(ctx);

    privpol_ctx_options_init(&o);
    o.flags = 0x100;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_EINVAL);

    privpol_ctx_options_init(&o);
    o.role = (privpol_role)7;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_EINVAL);

    privpol_ctx_options_init(&o);
    memcpy(o.default_region, "ZZ", 3);
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_ENOTFOUND);

    privpol_ctx_options_init(&o);
    o.periods = bad_cat;
    o.periods_len = 1;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_ENOTFOUND);

    privpol_ctx_options_init(&o);
    o.default_period = (privpol_period)9;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_EINVAL);
}

static void
periods_by_name(void **state)
{
    privpol_period p;
    (void)state;
    for (int i = PRIVPOL_PERIOD_NONE; i <= PRIVPOL_PERIOD_YEAR; i++) {
        assert_int_equal(privpol_period_from_name(privpol_period_name((privpol_period)i), &p, NULL),
                         PRIVPOL_OK);
        assert_int_equal(p, i);
    }
    assert_int_equal(privpol_period_from_name("fortnight", &p, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_period_from_name("day", NULL, NULL), PRIVPOL_EINVAL);
}

static void
category_registry(void **state)
{
    privpol_category i;
    (void)state;
    assert_int_equal(privpol_category_count(), 22);
    assert_int_equal(privpol_category_find("connection.ip_address", &i, NULL), PRIVPOL_OK);
    assert_string_equal(privpol_category_id(i), "connection.ip_address");
    assert_int_equal(privpol_category_normalizer(i), PRIVPOL_NORM_IP);
    assert_string_equal(privpol_category_fideslang(i), "user.device.ip_address");
    assert_string_equal(privpol_category_clause(i), "12.1, 12.2");
    assert_int_equal(privpol_category_identifiability(i), PRIVPOL_PERSONAL);
    assert_int_equal(privpol_category_find("terminal.device_type", &i, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_category_identifiability(i), PRIVPOL_NON_IDENTIFIABLE);
    assert_int_equal(privpol_category_find("unknown", &i, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_category_identifiability(i), PRIVPOL_PERSONAL);
    assert_int_equal(privpol_category_normalizer(i), PRIVPOL_NORM_OPAQUE);
    assert_int_equal(privpol_category_find("Connection.ip_address", &i, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_category_find("unknown", NULL, NULL), PRIVPOL_EINVAL);
    assert_null(privpol_category_id(privpol_category_count()));
    assert_int_equal(privpol_category_identifiability(1000), PRIVPOL_PERSONAL);
    assert_string_equal(privpol_normalizer_name(PRIVPOL_NORM_PHONE), "phone");
    /* Ids are unique. */
    for (size_t a = 0; a < privpol_category_count(); a++)
        for (size_t b = a + 1; b < privpol_category_count(); b++)
            assert_string_not_equal(privpol_category_id(a), privpol_category_id(b));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strerror_covers_every_status),
        cmocka_unit_test(status_values_are_stable),
        cmocka_unit_test(error_detail),
        cmocka_unit_test(versions_agree),
        cmocka_unit_test(context_options_and_allocator),
        cmocka_unit_test(context_rejects_bad_options),
        cmocka_unit_test(periods_by_name),
        cmocka_unit_test(category_registry),
    };
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
