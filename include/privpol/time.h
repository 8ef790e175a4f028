/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_TIME_H
#define PRIVPOL_TIME_H

#include <privpol/common.h>

#include <stdbool.h>

/** @file privpol/time.h
 *  @brief Instants and durations as ISO 8601 text (UTC), and calendar arithmetic: months
 *         counted as in Regulation (EEC, Euratom) No 1182/71. */

PRIVPOL_BEGIN_DECLS

/** Size of a buffer that holds any text written by privpol_time_format(), NUL included. */
#define PRIVPOL_TIME_TEXT_SIZE 32U

/**
 * Parse an ISO 8601 instant.
 *
 * Accepted forms: a date `YYYY-MM-DD` (midnight UTC), or `YYYY-MM-DDThh:mm[:ss[.fff...]]`
 * followed by `Z` or an offset `+hh:mm` / `-hh:mm` (a space may stand for `T`).
 * Fractions of a second are truncated. Years 0001 to 9999; fields are range-checked
 * (February 30th is an error); leap seconds (`:60`) are refused.
 * @param[in] text The text, not necessarily NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[out] out Seconds since the Unix epoch (UTC); 0 on failure.
 * @param[out] err Optional error detail (column of the first bad byte).
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE or #PRIVPOL_EINVAL (NULL argument).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_time_parse(const char *text, size_t len, int64_t *out, privpol_error *err);

/**
 * Write an instant as ISO 8601 UTC text, `YYYY-MM-DDThh:mm:ssZ`.
 * @param[in] t Seconds since the Unix epoch; years 0001 to 9999.
 * @param[out] out Buffer of at least #PRIVPOL_TIME_TEXT_SIZE bytes; NUL-terminated.
 * @param[in,out] out_len In: room at @p out, NUL included (#PRIVPOL_TIME_TEXT_SIZE is always enough); out: length written, NUL excluded, or the size needed with #PRIVPOL_EBUFSIZE.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE or #PRIVPOL_EINVAL (out of range).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_time_format(int64_t t, char *out, size_t *out_len, privpol_error *err);

/**
 * An ISO 8601 duration, its calendar components kept apart.
 *
 * A month or a year is not a fixed number of days, so `P1M` is not `P30D`: the
 * components are applied in order by privpol_time_add(). Weeks are stored as 7 days
 * each; hours, minutes and seconds as seconds. privpol_duration_parse() never produces
 * negative components, and the functions of this header refuse them.
 */
typedef struct privpol_duration {
    int32_t years;   /**< Calendar years (`nY`). */
    int32_t months;  /**< Calendar months (`nM` before `T`). */
    int32_t days;    /**< Days (`nD`, plus 7 per `nW`). */
    int64_t seconds; /**< Seconds (`nH`, `nM` after `T` and `nS`, summed). */
} privpol_duration;

/** Size of a buffer that holds any text written by privpol_duration_format(), NUL
 *  included. */
#define PRIVPOL_DURATION_TEXT_SIZE 64U

/**
 * Parse an ISO 8601 duration, `PnYnMnWnDTnHnMnS`.
 *
 * Each component is a non-negative integer followed by its designator, in that order,
 * each at most once, and zero components may be left out: `P13M`, `P90D`, `P2W`,
 * `P1Y2M10DT2H30M`, `PT36H`, `P0D`. Weeks count 7 days and may be combined with the
 * other components (as ISO 8601-1:2019 allows). Hours, minutes and seconds come after
 * `T`. Designators are upper case; no white space is allowed. Refused, with the
 * 1-based column of the first bad byte: an empty duration (`P`, `PT`, `P1YT`), a sign
 * (durations are not negative), a fraction (`P0.5Y`: use a smaller unit, such as
 * `P6M` or `PT36H`), an unknown or repeated designator, designators out of order,
 * hours, minutes or seconds before `T` (`P1H`) and days after it (`PT1D`), and numbers
 * that do not fit: years, months and days (weeks included) at most 2147483647, the
 * time part at most 9223372036854775807 seconds in total.
 * @param[in] text The text, not necessarily NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[out] out The duration; all zero on failure.
 * @param[out] err Optional error detail (column of the first bad byte).
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE or #PRIVPOL_EINVAL (NULL argument).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_duration_parse(const char *text, size_t len, privpol_duration *out, privpol_error *err);

/**
 * Write a duration as ISO 8601 text.
 *
 * The form is canonical: `P`, then the non-zero `nY`, `nM`, `nD`, then `T` and the
 * non-zero `nH`, `nM`, `nS`, with the seconds split into hours (unbounded), minutes
 * (0-59) and seconds (0-59). Days are not folded into weeks or months, nor hours into
 * days: `P2W` is written `P14D`, `PT36H` stays `PT36H`. The zero duration is `PT0S`.
 * The text parses back to the same components.
 * @param[in] d The duration.
 * @param[out] out Buffer of at least #PRIVPOL_DURATION_TEXT_SIZE bytes;
 *                      NUL-terminated (empty on failure when @p out_size > 0).
 * @param[in,out] out_len In: room at @p out, NUL included (#PRIVPOL_DURATION_TEXT_SIZE is always enough); out: length written, NUL excluded, or the size needed with #PRIVPOL_EBUFSIZE.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE (the text does not fit) or #PRIVPOL_EINVAL
 *         (NULL argument or a negative component).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_duration_format(const privpol_duration *d, char *out, size_t *out_len, privpol_error *err);

/**
 * Add a duration to an instant, in UTC, months counted as in Regulation (EEC, Euratom)
 * No 1182/71, Art. 3(2)(c).
 *
 * Steps, in this order:
 * 1. Years and months together, as `12 * years + months` months: the result falls on
 *    the same day of the month as @p t; when that day does not exist in the target
 *    month, on the last day of that month. 31 January + `P1M` is 28 February (29 in a
 *    leap year); 29 February 2024 + `P1Y` is 28 February 2025; 29 February 2024 +
 *    `P1Y1M` is 29 March 2025 (13 months at once, not one year then one month).
 * 2. Then the days, as whole days of the proleptic Gregorian calendar.
 * 3. Then the seconds.
 *
 * The time of day of @p t is kept by steps 1 and 2: 2025-01-31T10:00:00Z + `P1M` is
 * 2025-02-28T10:00:00Z. This is calendar arithmetic on instants; where a legal period
 * must end at the end of a day, use privpol_retention_deadline() or round the result yourself.
 * UTC has no daylight saving time and POSIX time no leap seconds, so a day is always
 * 86400 seconds here; local time zones are not modelled.
 * @param[in] t Start instant, seconds since the Unix epoch, in years 0001 to 9999.
 * @param[in] d Duration; all components non-negative.
 * @param[out] out Resulting instant, seconds since the Unix epoch (UTC); 0 on failure.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, or #PRIVPOL_EINVAL: a NULL argument, a negative component, @p t
 *         out of range, or a result (or intermediate date) after 9999-12-31T23:59:59Z.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_time_add(int64_t t, const privpol_duration *d, int64_t *out, privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_TIME_H */
