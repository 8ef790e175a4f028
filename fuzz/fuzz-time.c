/* SPDX-License-Identifier: MIT */
/* Instants: privpol_time_parse(), privpol_time_format(), privpol_deadline().
 * Properties: a parsed instant in the range of privpol_time_format() (years 0001-9999,
 * UTC) formats as YYYY-MM-DDThh:mm:ssZ, which parses back to the same instant and
 * formats to the same text; out of that range (an offset can push a date just across
 * it) formatting refuses it; a failure is PRIVPOL_EPARSE, *out 0 and a column within
 * the input or just after it; deterministic. The first 8 bytes, read as any 64-bit
 * instant, format only within the range and then parse back; its Art. 12(3) deadline,
 * when it has one, is the last second of a day, one or three months ahead at most. */
#include "fuzz.h"

#define TIME_MIN INT64_C(-62135596800) /* 0001-01-01T00:00:00Z */
#define TIME_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define DAY INT64_C(86400)

/* Format t; when it is in range, check the text's shape and that it parses back. */
static void
format_checked(int64_t t)
{
    char text[PRIVPOL_TIME_TEXT_SIZE], again[PRIVPOL_TIME_TEXT_SIZE], *copy;
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    privpol_status st = privpol_time_format(t, text, &(size_t){sizeof text}, NULL);
    int64_t back = 1;

    if (t < TIME_MIN || t > TIME_MAX) {
        FUZZ_CHECK(st == PRIVPOL_EINVAL && text[0] == '\0');
        return;
    }
    FUZZ_CHECK(st == PRIVPOL_OK && strlen(text) == sizeof shape - 1);
    for (size_t i = 0; i < sizeof shape - 1; i++)
        FUZZ_CHECK(shape[i] == 'd' ? privpol__is_digit((unsigned char)text[i])
                                   : text[i] == shape[i]);
    copy = fuzz_dup(text, sizeof shape - 1);
    FUZZ_CHECK(privpol_time_parse(copy, sizeof shape - 1, &back, NULL) == PRIVPOL_OK);
    free(copy);
    FUZZ_CHECK(back == t);
    FUZZ_CHECK(privpol_time_format(back, again, &(size_t){sizeof again}, NULL) == PRIVPOL_OK &&
               strcmp(again, text) == 0);
    /* Too small a buffer: refused, and the text is empty. */
    FUZZ_CHECK(privpol_time_format(t, again, &(size_t){sizeof shape - 1}, NULL) == PRIVPOL_EBUFSIZE &&
               again[0] == '\0');
}

static void
deadline_checked(int64_t received)
{
    for (int extended = 0; extended <= 1; extended++) {
        int64_t due = 1;
        privpol_status st = privpol_retention_deadline(received, extended != 0, &due, NULL);
        if (st != PRIVPOL_OK) {
            FUZZ_CHECK(st == PRIVPOL_EINVAL && due == 0);
            /* Only out of range, or too close to the end of year 9999. */
            FUZZ_CHECK(received < TIME_MIN ||
                       received > TIME_MAX - (extended ? 93 : 32) * DAY);
            continue;
        }
        FUZZ_CHECK(received >= TIME_MIN && received <= TIME_MAX);
        FUZZ_CHECK(due > received && due <= TIME_MAX);
        FUZZ_CHECK((due - TIME_MIN) % DAY == DAY - 1);
        FUZZ_CHECK(due - received < (extended ? 93 : 32) * DAY);
        FUZZ_CHECK(due - received >= (extended ? 89 : 28) * DAY);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    privpol_error err, err2;
    privpol_status st;
    int64_t t = 1, t2 = 2, any;

    st = privpol_time_parse(s, size, &t, &err);
    FUZZ_CHECK(privpol_time_parse(s, size, &t2, &err2) == st && t2 == t);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(st == PRIVPOL_EPARSE && fuzz_error_ok(&err, st) && t == 0);
        FUZZ_CHECK(err.column >= 1 && err.column <= size + 1 &&
                   err2.column == err.column);
    } else {
        /* An offset moves an instant by less than a day. */
        FUZZ_CHECK(t > TIME_MIN - DAY && t < TIME_MAX + DAY);
        format_checked(t);
        deadline_checked(t);
    }

    if (size >= sizeof any) {
        memcpy(&any, data, sizeof any);
        format_checked(any);
        deadline_checked(any);
    }
    return 0;
}
