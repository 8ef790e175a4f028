/* SPDX-License-Identifier: MIT */
/* ISO 8601 durations: privpol_duration_parse(), privpol_duration_format(),
 * privpol_time_add().
 * Properties: a parsed duration has no negative component and formats to text that
 * parses to the same duration (format(parse(x)) parses to parse(x)) and is its own
 * canonical form; a failure is PRIVPOL_EPARSE, an all-zero duration and a column within
 * the input or just after it; deterministic. Any four components read from the input
 * (years, months, days, seconds) format exactly when none is negative, and then parse
 * back. Adding a duration to an instant never goes back in time. */
#include "fuzz.h"

static bool
same(const privpol_duration *a, const privpol_duration *b)
{
    return a->years == b->years && a->months == b->months && a->days == b->days &&
           a->seconds == b->seconds;
}

/* Format d and check the round trip; d has no negative component. */
static void
round_trip(const privpol_duration *d)
{
    char text[PRIVPOL_DURATION_TEXT_SIZE], again[PRIVPOL_DURATION_TEXT_SIZE], *copy;
    privpol_duration back;
    size_t len;

    FUZZ_CHECK(privpol_duration_format(d, text, &(size_t){sizeof text}, NULL) == PRIVPOL_OK);
    len = strlen(text);
    FUZZ_CHECK(len >= 3 && len < sizeof text && text[0] == 'P');
    copy = fuzz_dup(text, len);
    FUZZ_CHECK(privpol_duration_parse(copy, len, &back, NULL) == PRIVPOL_OK);
    free(copy);
    FUZZ_CHECK(same(&back, d));
    FUZZ_CHECK(privpol_duration_format(&back, again, &(size_t){sizeof again}, NULL) == PRIVPOL_OK &&
               strcmp(again, text) == 0);
    /* One byte short: refused. */
    FUZZ_CHECK(privpol_duration_format(d, again, &(size_t){len}, NULL) == PRIVPOL_EBUFSIZE);
}

static void
add_checked(const privpol_duration *d)
{
    static const int64_t starts[] = {INT64_C(-62135596800), 0, FUZZ_T0,
                                     INT64_C(253402300799)};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        int64_t r = 1;
        privpol_status st = privpol_time_add(starts[i], d, &r, NULL);
        if (st == PRIVPOL_OK)
            FUZZ_CHECK(r >= starts[i] && r <= INT64_C(253402300799));
        else
            FUZZ_CHECK(st == PRIVPOL_EINVAL && r == 0);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    privpol_duration d, d2, raw;
    privpol_error err, err2;
    privpol_status st;
    char text[PRIVPOL_DURATION_TEXT_SIZE];

    st = privpol_duration_parse(s, size, &d, &err);
    FUZZ_CHECK(privpol_duration_parse(s, size, &d2, &err2) == st && same(&d, &d2));
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(st == PRIVPOL_EPARSE && fuzz_error_ok(&err, st));
        FUZZ_CHECK(d.years == 0 && d.months == 0 && d.days == 0 && d.seconds == 0);
        FUZZ_CHECK(err.column >= 1 && err.column <= size + 1 &&
                   err2.column == err.column);
    } else {
        FUZZ_CHECK(d.years >= 0 && d.months >= 0 && d.days >= 0 && d.seconds >= 0);
        round_trip(&d);
        add_checked(&d);
    }

    if (size >= 20) {
        int32_t v32[3];
        memcpy(v32, data, sizeof v32);
        raw.years = v32[0];
        raw.months = v32[1];
        raw.days = v32[2];
        memcpy(&raw.seconds, data + 12, sizeof raw.seconds);
        st = privpol_duration_format(&raw, text, &(size_t){sizeof text}, NULL);
        if (raw.years < 0 || raw.months < 0 || raw.days < 0 || raw.seconds < 0) {
            FUZZ_CHECK(st == PRIVPOL_EINVAL && text[0] == '\0');
        } else {
            round_trip(&raw);
            add_checked(&raw);
        }
    }
    return 0;
}
