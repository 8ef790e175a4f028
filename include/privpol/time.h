/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_TIME_H
#define PRIVPOL_TIME_H

#include <privpol/common.h>

/** @file privpol/time.h
 *  @brief Reading and writing instants as ISO 8601 text (UTC). */

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
 * @param[out] out   Seconds since the Unix epoch (UTC); 0 on failure.
 * @param[in]  text  The text, not necessarily NUL-terminated.
 * @param[in]  len   Length of @p text in bytes.
 * @param[out] err   Optional error detail (column of the first bad byte).
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE or #PRIVPOL_EINVAL (NULL argument).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_time_parse(int64_t *out, const char *text, size_t len, privpol_error *err);

/**
 * Write an instant as ISO 8601 UTC text, `YYYY-MM-DDThh:mm:ssZ`.
 * @param[out] out      Buffer of at least #PRIVPOL_TIME_TEXT_SIZE bytes; NUL-terminated.
 * @param[in]  out_size Size of @p out.
 * @param[in]  t        Seconds since the Unix epoch; years 0001 to 9999.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE or #PRIVPOL_EINVAL (out of range).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_time_format(char *out, size_t out_size, int64_t t);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_TIME_H */
